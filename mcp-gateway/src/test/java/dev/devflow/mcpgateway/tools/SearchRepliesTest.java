package dev.devflow.mcpgateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import org.junit.jupiter.api.Test;

class SearchRepliesTest {

  private static final String HIT =
      "{\"url\":\"https://docs.example/tides\",\"title\":\"Tides\",\"headingPath\":\"Tides\","
          + "\"sourceName\":\"Docs\",\"sourceId\":\"s1\",\"score\":0.5,\"text\":\"High tide.\"}";

  @Test
  void anAgentIsToldWhenTheSearchRanOtherwiseThanAsked() throws Exception {
    String degraded =
        text(
            SearchReplies.passages(
                new ObjectMapper()
                    .readTree(
                        "{\"query\":\"tides\",\"mode\":\"keyword\",\"notice\":\"The index is"
                            + " being rebuilt for a new model.\",\"results\":["
                            + HIT
                            + "]}")));
    assertThat(degraded)
        .contains("(keyword search)")
        .contains("Note: The index is being rebuilt for a new model.")
        .contains("High tide.");

    String plain =
        text(
            SearchReplies.passages(
                new ObjectMapper()
                    .readTree(
                        "{\"query\":\"tides\",\"mode\":\"hybrid\",\"results\":[" + HIT + "]}")));
    assertThat(plain).contains("(hybrid search)").doesNotContain("Note:");
  }

  private static String text(ToolResponse response) {
    return ((TextContent) response.content().get(0)).text();
  }
}
