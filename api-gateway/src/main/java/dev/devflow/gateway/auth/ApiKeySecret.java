package dev.devflow.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as users hold it: {@code dfk_<prefix>_<secret>}. The prefix finds the key and is safe
 * to show; only the SHA-256 of the whole key is stored (the key has 192 bits of randomness, so a
 * fast hash is enough), and a presented key is compared in constant time.
 */
public record ApiKeySecret(String prefix, String value) {

  private static final Pattern FORMAT = Pattern.compile("dfk_([0-9a-f]{12})_([0-9A-Za-z_-]{32})");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Makes a new random key. */
  public static ApiKeySecret generate() {
    byte[] prefix = new byte[6];
    byte[] secret = new byte[24];
    RANDOM.nextBytes(prefix);
    RANDOM.nextBytes(secret);
    String p = HexFormat.of().formatHex(prefix);
    String s = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new ApiKeySecret(p, "dfk_" + p + "_" + s);
  }

  /** Parses a presented key; anything not shaped like one of ours is empty. */
  public static Optional<ApiKeySecret> parse(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(presented.trim());
    return m.matches()
        ? Optional.of(new ApiKeySecret(m.group(1), presented.trim()))
        : Optional.empty();
  }

  public byte[] hash() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison with a stored hash. */
  public boolean matches(byte[] storedHash) {
    return MessageDigest.isEqual(hash(), storedHash);
  }

  @Override
  public String toString() {
    return "dfk_" + prefix + "_…";
  }
}
