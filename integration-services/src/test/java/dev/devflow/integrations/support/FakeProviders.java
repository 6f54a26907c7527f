package dev.devflow.integrations.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * WireMock on 127.0.0.1 standing in for GitHub (web and API), Atlassian (auth and API gateway) and
 * 1Password Connect, each under its own path prefix; plus {@link FleetRecorder} standing in for the
 * knowledge hub and the workflow engine. GitHub's client secret is read from 1Password.
 */
public class FakeProviders implements QuarkusTestResourceLifecycleManager {

  /** The GitHub client secret held in the fake 1Password vault. */
  public static final String GITHUB_SECRET = "gh-secret-from-1password";

  private static WireMockServer wireMock;
  private static FleetRecorder fleet;

  public static WireMockServer wireMock() {
    return wireMock;
  }

  public static FleetRecorder fleet() {
    return fleet;
  }

  @Override
  public synchronized Map<String, String> start() {
    if (wireMock == null) {
      wireMock =
          new WireMockServer(
              WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
      wireMock.start();
      fleet = FleetRecorder.start();
      onePassword();
    }
    String base = "http://127.0.0.1:" + wireMock.port();
    return Map.ofEntries(
        Map.entry("devflow.integrations.github.client-id", "gh-client"),
        Map.entry(
            "devflow.integrations.github.client-secret", "op://devflow/github-oauth/client_secret"),
        Map.entry("devflow.integrations.github.web-url", base + "/gh-web"),
        Map.entry("devflow.integrations.github.api-url", base + "/gh-api"),
        Map.entry("devflow.integrations.atlassian.client-id", "atl-client"),
        Map.entry("devflow.integrations.atlassian.client-secret", "atl-secret"),
        Map.entry("devflow.integrations.atlassian.auth-url", base + "/atl-auth"),
        Map.entry("devflow.integrations.atlassian.api-url", base + "/atl-api"),
        Map.entry("devflow.integrations.onepassword.host", base + "/op"),
        Map.entry("devflow.integrations.onepassword.token", "op-token"),
        Map.entry("devflow.integrations.sync.knowledge-hub-url", fleet.url()),
        Map.entry("devflow.integrations.sync.workflow-engine-url", fleet.url()));
  }

  private static void onePassword() {
    wireMock.stubFor(
        get(urlPathEqualTo("/op/v1/vaults"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer op-token"))
            .willReturn(json("[{\"id\":\"vault-1\",\"name\":\"devflow\"}]")));
    wireMock.stubFor(
        get(urlPathEqualTo("/op/v1/vaults/vault-1/items"))
            .willReturn(json("[{\"id\":\"item-1\",\"title\":\"github-oauth\"}]")));
    wireMock.stubFor(
        get(urlPathEqualTo("/op/v1/vaults/vault-1/items/item-1"))
            .willReturn(
                json(
                    "{\"id\":\"item-1\",\"fields\":[{\"id\":\"username\",\"label\":\"client_id\","
                        + "\"value\":\"gh-client\"},{\"id\":\"f2\",\"label\":\"client_secret\","
                        + "\"value\":\""
                        + GITHUB_SECRET
                        + "\"}]}")));
  }

  public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Override
  public void stop() {
    // shared by every test class of the module; stops with the JVM
  }
}
