package dev.devflow.gateway;

import static io.restassured.RestAssured.given;

import dev.devflow.gateway.account.PlatformAdmins;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Test data through the gateway's own API: an administrator, tenants, users and their keys. */
@ApplicationScoped
public class Fixtures {

  @Inject PlatformAdmins admins;

  private String adminKey;

  public synchronized String adminKey() {
    if (adminKey == null) {
      adminKey = admins.create("root@devflow.test");
    }
    return adminKey;
  }

  /** Provisions a tenant and returns its first admin's key. */
  public String aTenant(String slug, String plan) {
    return given()
        .header("Authorization", "Bearer " + adminKey())
        .contentType(ContentType.JSON)
        .body(
            "{\"slug\":\""
                + slug
                + "\",\"name\":\""
                + slug
                + " Inc\",\"plan\":\""
                + plan
                + "\",\"adminEmail\":\"admin@"
                + slug
                + ".test\"}")
        .post("/api/v1/tenants")
        .then()
        .statusCode(201)
        .extract()
        .path("apiKey");
  }

  /** Adds a user to the tenant of {@code tenantKey}; returns the new user's id and key. */
  public JsonPath aUser(String tenantKey, String email, String role) {
    return given()
        .header("Authorization", "Bearer " + tenantKey)
        .contentType(ContentType.JSON)
        .body("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}")
        .post("/api/v1/users")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  public static String bearer(String key) {
    return "Bearer " + key;
  }
}
