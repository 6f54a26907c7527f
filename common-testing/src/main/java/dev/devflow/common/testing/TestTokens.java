package dev.devflow.common.testing;

import dev.devflow.common.auth.InternalToken;
import dev.devflow.common.auth.Role;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints the api-gateway's internal tokens for tests, with a key pair made fresh for each test JVM
 * (nothing secret is committed). {@link InternalTokenTestResource} makes the services trust it.
 */
public final class TestTokens {

  private static final KeyPair TRUSTED = shared("devflow-test-tokens.trusted");
  private static final KeyPair UNTRUSTED = shared("devflow-test-tokens.untrusted");

  private TestTokens() {}

  /** The trusted public key, base64 X.509, as {@code mp.jwt.verify.publickey} takes it. */
  public static String publicKey() {
    return Base64.getEncoder().encodeToString(TRUSTED.getPublic().getEncoded());
  }

  /** The trusted private key as PEM, for a gateway under test that signs tokens itself. */
  public static String privateKeyPem() {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes())
            .encodeToString(TRUSTED.getPrivate().getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----";
  }

  /** A valid token for a user of the tenant with the role. */
  public static String forTenant(String tenant, Role role) {
    return sign(claims(tenant, role), TRUSTED.getPrivate());
  }

  /** A token that expired half an hour ago. */
  public static String expired(String tenant, Role role) {
    Instant past = Instant.now().minusSeconds(3600);
    return sign(
        claims(tenant, role).issuedAt(past).expiresAt(past.plusSeconds(60)), TRUSTED.getPrivate());
  }

  /**
   * A token signed with the trusted key whose claims are as given: any tenant text, any group, any
   * lifetime (from now), to see services refuse what the gateway never issues.
   */
  public static String custom(String tenant, String group, long lifetimeSeconds) {
    JwtClaimsBuilder claims =
        Jwt.issuer(InternalToken.ISSUER)
            .subject("someone@" + tenant)
            .claim(InternalToken.TENANT_CLAIM, tenant)
            .groups(group)
            .issuedAt(Instant.now())
            .expiresAt(Instant.now().plusSeconds(lifetimeSeconds));
    return sign(claims, TRUSTED.getPrivate());
  }

  /** A well-formed token signed by a key the services do not trust. */
  public static String signedByStranger(String tenant, Role role) {
    return sign(claims(tenant, role), UNTRUSTED.getPrivate());
  }

  /** The header value for a request carrying a valid token. */
  public static String bearer(String tenant, Role role) {
    return "Bearer " + forTenant(tenant, role);
  }

  private static JwtClaimsBuilder claims(String tenant, Role role) {
    return Jwt.issuer(InternalToken.ISSUER)
        .subject(role.claim() + "@" + tenant)
        .claim(InternalToken.TENANT_CLAIM, tenant)
        .groups(role.claim())
        .expiresIn(InternalToken.LIFETIME_SECONDS);
  }

  private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
    return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
  }

  /**
   * One key pair per JVM, not per class loader: Quarkus loads test classes anew for each test
   * profile, while services a test started once (in another process) keep trusting the first key.
   * Kept in the system properties as text: a non-String value there breaks libraries that copy the
   * system properties at boot (Narayana's property factory fails on it).
   */
  private static KeyPair shared(String name) {
    synchronized (System.getProperties()) {
      String existing = System.getProperty(name);
      if (existing != null) {
        return decode(existing);
      }
      KeyPair pair = generate();
      Base64.Encoder b64 = Base64.getEncoder();
      System.setProperty(
          name,
          b64.encodeToString(pair.getPublic().getEncoded())
              + ":"
              + b64.encodeToString(pair.getPrivate().getEncoded()));
      return pair;
    }
  }

  private static KeyPair decode(String text) {
    try {
      String[] parts = text.split(":", 2);
      java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
      return new KeyPair(
          rsa.generatePublic(
              new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(parts[0]))),
          rsa.generatePrivate(
              new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1]))));
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("Unreadable shared test key pair", e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
