package dev.devflow.cli.mcp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The bridge's log: stderr (which MCP clients show in their logs) and a file, never stdout, which
 * carries only protocol messages. Message contents are not logged, only their method and outcome.
 */
final class BridgeLog {

  private final PrintStream stderr;
  private final Path file;

  BridgeLog(PrintStream stderr, Path file) {
    this.stderr = stderr;
    this.file = file;
  }

  synchronized void info(String message) {
    String line = Instant.now() + " devflow-mcp: " + message;
    stderr.println(line);
    if (file != null) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(
            file,
            line + System.lineSeparator(),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        // The stderr copy is enough; a full disk must not break the protocol.
      }
    }
  }
}
