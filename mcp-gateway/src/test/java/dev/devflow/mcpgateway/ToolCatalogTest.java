package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.mcpgateway.support.RealUpstreams;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.ToolInfo;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What an MCP client sees when it lists the tools: names, descriptions, hints, typed limits. */
@QuarkusTest
@QuarkusTestResource(value = RealUpstreams.class, restrictToAnnotatedClass = true)
class ToolCatalogTest {

  @Test
  void everyToolIsListedWithDescriptionHintsAndASchema() {
    McpAssured.newConnectedStreamableClient()
        .when()
        .toolsList(
            page -> {
              Map<String, ToolInfo> tools =
                  page.tools().stream()
                      .collect(Collectors.toMap(ToolInfo::name, Function.identity()));
              System.out.println(tools.get("search_knowledge").inputSchema().encodePrettily());
              assertThat(tools)
                  .containsOnlyKeys(
                      "search_knowledge",
                      "search_code_examples",
                      "list_sources",
                      "read_document",
                      "add_source",
                      "get_crawl_progress",
                      "list_workflows",
                      "list_runs",
                      "get_current_phase",
                      "list_tasks",
                      "get_task",
                      "create_task",
                      "claim_next_task",
                      "update_task_status",
                      "report_progress",
                      "report_task_complete");
              tools.values().forEach(t -> assertThat(t.description()).hasSizeGreaterThan(40));
              tools.values().forEach(t -> assertThat(t.annotations()).isPresent());
              JsonObject search = tools.get("search_knowledge").inputSchema();
              assertThat(search.getJsonArray("required").getList()).containsExactly("query");
            })
        .thenAssertResults();
  }
}
