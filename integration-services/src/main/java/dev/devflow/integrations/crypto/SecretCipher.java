package dev.devflow.integrations.crypto;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a key ring. The ring is {@code id:base64key[,id:base64key...]} (a bare base64
 * key gets an id from its fingerprint); the first key encrypts, every key decrypts, so a new key
 * put in front rotates without breaking old ciphertexts. Ciphertexts read {@code v1.<key
 * id>.<base64(iv|ciphertext|tag)>} and are bound to a context (tenant, row, column) as associated
 * data, so a ciphertext copied to another tenant's row does not decrypt.
 */
public final class SecretCipher {

  private static final String PREFIX = "v1";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String primary;

  private SecretCipher(Map<String, SecretKey> keys) {
    this.keys = keys;
    this.primary = keys.keySet().iterator().next();
  }

  /** Parses a key ring; throws IllegalArgumentException naming what is wrong (never the key). */
  public static SecretCipher parse(String ring) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String entry : ring.split(",")) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      String id = colon > 0 ? trimmed.substring(0, colon) : null;
      byte[] raw = decodeKey(colon > 0 ? trimmed.substring(colon + 1) : trimmed);
      if (id == null) {
        id = fingerprint(raw);
      }
      if (!id.matches("[A-Za-z0-9_-]{1,32}") || keys.containsKey(id)) {
        throw new IllegalArgumentException("Key ids must be unique, 1-32 letters, digits, _ or -.");
      }
      keys.put(id, new SecretKeySpec(raw, "AES"));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("The key ring is empty.");
    }
    return new SecretCipher(keys);
  }

  /** The id of the key new ciphertexts are made with. */
  public String primaryKeyId() {
    return primary;
  }

  /** Encrypts under the primary key, bound to the context. */
  public String encrypt(String plain, String context) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(primary), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + sealed.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(sealed, 0, out, iv.length, sealed.length);
      return PREFIX + "." + primary + "." + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /** Decrypts a ciphertext of any key in the ring; a tampered or foreign one is refused. */
  public String decrypt(String sealed, String context) {
    String[] parts = sealed.split("\\.", 3);
    SecretKey key = parts.length == 3 && PREFIX.equals(parts[0]) ? keys.get(parts[1]) : null;
    if (key == null) {
      throw undecryptable();
    }
    try {
      byte[] data = Base64.getDecoder().decode(parts[2]);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw undecryptable();
    }
  }

  private static ProblemException undecryptable() {
    return new ProblemException(
        ProblemType.UNAVAILABLE,
        "A stored credential cannot be decrypted with the configured SECRET_ENCRYPTION_KEY ring;"
            + " keep old keys in the ring after a rotation, or reconnect.");
  }

  private static byte[] decodeKey(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Each key must be base64.");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "Each key must be 32 random bytes in base64 (openssl rand -base64 32).");
    }
    return raw;
  }

  private static String fingerprint(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return "k" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
