package dev.devflow.knowledgehub.search;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import dev.devflow.knowledgehub.support.WireMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reranking by a chat model behind the AOSentry stand-in: the model's order is the answer's, and a
 * model that is slow, down or talks nonsense leaves the order as it was, with a notice, while every
 * call is counted. Runs in its own surefire execution, which turns reranking on (see the pom).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(WireMockResource.class)
class RerankTest {

  private static final String TENANT = "alpha";
  private static String source;

  /** Once, in the application this profile starts (a static BeforeAll runs before it is up). */
  private static synchronized void pages() {
    if (source != null) {
      return;
    }
    var upload = as(TENANT).multiPart("name", "Otters");
    for (int i = 1; i <= 4; i++) {
      upload.multiPart(
          "files",
          "otter" + i + ".md",
          ("# Otter note " + i + "\n\nSea otters float and eat urchins; note " + i + ".\n")
              .getBytes(),
          "text/markdown");
    }
    source =
        upload.post("/api/v1/sources/uploads").then().statusCode(201).extract().path("sourceId");
    Api.awaitIdle(TENANT, source);
  }

  @BeforeEach
  void reset() {
    pages();
    WireMockResource.server.resetAll();
  }

  @Test
  void theModelsOrderIsTheAnswers() {
    List<String> plain = urls(search(), false);
    // the model puts the last page first and says nothing about the others
    answer("{\"ranking\": [" + plain.size() + "]}", 0);
    JsonPath reranked = search();
    assertThat(reranked.getBoolean("reranked")).isTrue();
    List<String> order = reranked.getList("results.url");
    assertThat(order.get(0)).isEqualTo(plain.get(plain.size() - 1));
    assertThat(order.subList(1, order.size())).isEqualTo(plain.subList(0, plain.size() - 1));
    WireMockResource.server.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test-secret"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("test-reranker")))
            .withRequestBody(
                matchingJsonPath("$.messages[1].content", containing("Question: sea otters"))));
  }

  @Test
  void aSlowModelLeavesTheOrderAsItWasAndSaysSo() {
    List<String> plain = urls(search(), false);
    answer("{\"ranking\": [" + plain.size() + "]}", 3000);
    long start = System.nanoTime();
    JsonPath answer = search();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2900);
    assertThat(answer.getList("results.url")).isEqualTo(plain);
    assertThat(answer.getString("notice")).contains("did not answer within");
    assertThat((Object) answer.get("reranked")).as("reranked, shown only when true").isNull();
  }

  @Test
  void nonsenseOrAnErrorLeavesTheOrderAsItWas() {
    List<String> plain = urls(search(), false);
    answer("I think the second one, probably.", 0);
    assertThat(urls(search(), true)).isEqualTo(plain);
    WireMockResource.server.resetAll();
    WireMockResource.server.stubFor(
        post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500)));
    JsonPath failed = search();
    assertThat(failed.getList("results.url")).isEqualTo(plain);
    assertThat(failed.getString("notice")).contains("could not be reached");
  }

  @Test
  void everyCallIsCountedAsAnLlmCall() {
    answer("{\"ranking\": [1]}", 0);
    search();
    RestAssured.get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("devflow_llm_calls_total{outcome=\"ok\",purpose=\"rerank\""));
  }

  private static JsonPath search() {
    return as(TENANT)
        .queryParam("query", "sea otters")
        .queryParam("sourceId", source)
        .queryParam("mode", "keyword")
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<String> urls(JsonPath answer, boolean expectNotice) {
    List<String> urls = answer.getList("results.url");
    assertThat(urls).hasSize(4);
    if (expectNotice) {
      assertThat(answer.getString("notice")).contains("could not be read");
    }
    return urls;
  }

  private static void answer(String content, int delayMillis) {
    String body =
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(content)
            + "}}]}";
    WireMockResource.server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(
      String text) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(text);
  }
}
