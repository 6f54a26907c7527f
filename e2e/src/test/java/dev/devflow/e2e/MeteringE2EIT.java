package dev.devflow.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plans' LLM-call and storage limits on a SaaS installation whose knowledge hub embeds through
 * an OpenAI-compatible endpoint (WireMock standing in for AOSentry): a tenant is refused at its
 * monthly call limit and over its storage, with a quota problem and nothing stored or called, while
 * a tenant on another plan carries on; {@code GET /api/v1/usage} shows both metered.
 */
@ExtendWith(WithDevflowStack.class)
class MeteringE2EIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EMBEDDINGS = "/v1/embeddings";

  static WireMockServer aosentry;
  static SaasStack saas;
  static String platformKey;

  @BeforeAll
  static void start() throws Exception {
    aosentry =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    aosentry.start();
    // one vector per input, as the OpenAI embeddings API answers
    aosentry.stubFor(
        post(urlEqualTo(EMBEDDINGS))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"list\",\"model\":\"e2e-embedding\",\"data\":["
                            + "{{#each (jsonPath request.body '$.input') as |text|}}"
                            + "{{#unless @first}},{{/unless}}"
                            + "{\"object\":\"embedding\",\"index\":{{@index}},"
                            + "\"embedding\":[0.6,0.8,0.0]}{{/each}}],"
                            + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}")
                    .withTransformers("response-template")));
    DevflowStack stack = DevflowStack.get();
    saas =
        SaasStack.startWith(
            stack,
            stack.logs().resolve("saas-metering"),
            Map.of(
                "knowledge-hub",
                Map.of(
                    "DEVFLOW_KNOWLEDGE_HUB_EMBEDDINGS_PROVIDER", "openai",
                    "DEVFLOW_KNOWLEDGE_HUB_EMBEDDINGS_BASE_URL", aosentry.baseUrl() + "/v1",
                    "DEVFLOW_KNOWLEDGE_HUB_EMBEDDINGS_MODEL", "e2e-embedding",
                    "DEVFLOW_KNOWLEDGE_HUB_EMBEDDINGS_DIMENSION", "3",
                    "DEVFLOW_KNOWLEDGE_HUB_EMBEDDINGS_API_KEY", "sk-e2e-secret")));
    Database.execute(
        stack.databaseUrl(),
        "INSERT INTO devflow.plans (id, name, max_storage_bytes, max_llm_calls_per_month,"
            + " requests_per_minute) VALUES ('calls3', 'Three calls', NULL, 3, 6000),"
            + " ('small', 'Small', 300000, NULL, 6000) ON CONFLICT (id) DO NOTHING");
    Commands.Result admin = stack.devflow("create-admin", "--email", "meter-root@e2e.devflow.test");
    Matcher key = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
    assertThat(key.find()).as(admin.output()).isTrue();
    platformKey = key.group(1);
  }

  @AfterAll
  static void stop() {
    if (saas != null) {
      saas.close();
    }
    if (aosentry != null) {
      aosentry.stop();
    }
  }

  @Test
  void aTenantIsRefusedAtItsMonthlyLlmCallsAndAnotherCarriesOn() throws Exception {
    Api limited = tenant("meter_calls", "calls3");
    Api other = tenant("meter_calls_team", "team");

    ingest(limited, "one.md", "# Ledger\n\nReconcile the ledger before the close.\n");
    send(limited, "/api/v1/search?mode=semantic&query=" + q("reconcile the ledger"), 200);
    ingest(limited, "two.md", "# Archive\n\nArchive the signed ledger every quarter.\n");
    assertThat(usage(limited).path("llmCalls").path("used").asLong()).isEqualTo(3);
    int calls = embeddingCalls();

    HttpResponse<String> refused =
        limited.tryUpload("Three", "three.md", "# Third\n\nOne file too many.\n");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("type").asText()).endsWith("/quota-exceeded");
    assertThat(problem.path("detail").asText())
        .contains("'calls3' plan allows 3 LLM calls a month and 3 are used")
        .contains("resets at");
    assertThat(refused.headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
    HttpResponse<String> semantic =
        send(limited, "/api/v1/search?mode=semantic&query=" + q("archive the ledger"), 429);
    assertThat(semantic.body()).contains("LLM calls a month");
    // hybrid search needs no model to find pages: keyword results, saying why
    JsonNode hybrid =
        JSON.readTree(send(limited, "/api/v1/search?query=" + q("archive ledger"), 200).body());
    assertThat(hybrid.path("mode").asText()).isEqualTo("keyword");
    assertThat(hybrid.path("notice").asText()).contains("LLM calls");
    assertThat(hybrid.path("results").toString()).contains("Archive the signed ledger");

    assertThat(embeddingCalls()).as("no call to the model past the limit").isEqualTo(calls);
    assertThat(JSON.readTree(limited.call("GET", "/api/v1/sources", null, 200)))
        .as("the refused upload left no source behind")
        .hasSize(2);
    JsonNode llm = usage(limited).path("llmCalls");
    assertThat(llm.path("used").asLong()).isEqualTo(3);
    assertThat(llm.path("limit").asLong()).isEqualTo(3);
    assertThat(llm.path("metered").asBoolean()).isTrue();

    ingest(other, "three.md", "# Third\n\nThe other tenant's file goes in.\n");
    send(other, "/api/v1/search?mode=semantic&query=" + q("other tenant"), 200);
    assertThat(usage(other).path("llmCalls").path("used").asLong()).isEqualTo(2);
  }

  @Test
  void aTenantOverItsStorageIsRefusedAnUploadWithNothingStored() throws Exception {
    Api small = tenant("meter_small", "small");
    Api other = tenant("meter_small_team", "team");
    ingest(small, "note.md", "# Note\n\nA small note fits.\n");
    JsonNode storage = usage(small).path("storageBytes");
    assertThat(storage.path("metered").asBoolean()).isTrue();
    assertThat(storage.path("used").asLong()).isBetween(1L, 300_000L);
    assertThat(storage.path("limit").asLong()).isEqualTo(300_000);

    String big = bigDocument(400_000);
    HttpResponse<String> refused = small.tryUpload("Big", "big.md", big);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("type").asText()).endsWith("/storage-quota-exceeded");
    assertThat(problem.path("detail").asText())
        .contains("'small' plan allows 300000 bytes of storage");
    assertThat(JSON.readTree(small.call("GET", "/api/v1/sources", null, 200)))
        .as("nothing of the refused upload was stored")
        .hasSize(1);
    assertThat(usage(small).path("storageBytes").path("used").asLong()).isLessThan(300_000);

    ingest(other, "big.md", big);
    assertThat(usage(other).path("storageBytes").path("used").asLong()).isGreaterThan(400_000);
    HttpResponse<String> found =
        send(other, "/api/v1/search?mode=keyword&query=" + q("paragraph 1234"), 200);
    assertThat(found.body()).contains("paragraph 1234");
  }

  private static String bigDocument(int bytes) {
    StringBuilder doc = new StringBuilder("# Big\n\n");
    for (int i = 0; doc.length() < bytes; i++) {
      doc.append("This is paragraph ")
          .append(i)
          .append(" of a long handbook about reconciling ledgers, signing and archiving them.\n\n");
    }
    return doc.toString();
  }

  private static void ingest(Api api, String file, String markdown) throws Exception {
    String body = api.upload(file, file, markdown);
    api.awaitIngested(JSON.readTree(body).path("sourceId").asText(), Duration.ofSeconds(90));
  }

  private static JsonNode usage(Api api) throws Exception {
    return JSON.readTree(api.call("GET", "/api/v1/usage", null, 200)).path("metrics");
  }

  private static int embeddingCalls() {
    return aosentry
        .countRequestsMatching(postRequestedFor(urlEqualTo(EMBEDDINGS)).build())
        .getCount();
  }

  private static HttpResponse<String> send(Api api, String path, int expected) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(saas.gatewayUrl() + path))
                .header("Authorization", "Bearer " + api.key())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expected);
    return response;
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static Api tenant(String slug, String plan) throws Exception {
    return new Api(
        saas.gatewayUrl(), new Api(saas.gatewayUrl(), platformKey).createTenant(slug, plan));
  }

  /** The stack's PostgreSQL as its owner (plans are data the operator adds). */
  private static final class Database {
    static void execute(String url, String sql) throws Exception {
      URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
      String[] credentials = uri.getRawUserInfo().split(":", 2);
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath(),
                  credentials[0],
                  credentials.length > 1 ? credentials[1] : "");
          Statement s = c.createStatement()) {
        s.executeUpdate(sql);
      }
    }
  }
}
