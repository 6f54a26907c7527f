package dev.devflow.mcpgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.mcpgateway.support.Mcp;
import dev.devflow.mcpgateway.support.RealUpstreams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Each tool call leaves one INFO line with name, duration and outcome, and never its arguments. */
@QuarkusTest
@QuarkusTestResource(value = RealUpstreams.class, restrictToAnnotatedClass = true)
class ToolCallLogTest {

  @Test
  void callsAreLoggedWithoutTheirArguments() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(
                record.getParameters() == null
                    ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("dev.devflow.mcpgateway.tool-calls");
    logger.addHandler(capture);
    try {
      Mcp mcp = Mcp.connect();
      String secret = "sk-live-4f9a8b7c6d5e";
      mcp.ok("search_knowledge", Map.of("query", "token " + secret));
      mcp.error("get_task", Map.of("taskId", 987654));
      mcp.error("search_knowledge", Map.of("query", secret, "limit", 99));
      assertThat(lines)
          .anyMatch(l -> l.matches("tool=search_knowledge outcome=ok duration_ms=[0-9.]+"))
          .anyMatch(l -> l.matches("tool=get_task outcome=tool-error duration_ms=[0-9.]+"))
          .anyMatch(l -> l.startsWith("tool=search_knowledge outcome=invalid-arguments"))
          .noneMatch(l -> l.contains(secret));
    } finally {
      logger.removeHandler(capture);
    }
  }
}
