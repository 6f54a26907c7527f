package dev.devflow.cli.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a text/event-stream body and hands each event's data (its data lines joined) on. */
final class ServerSentEvents {

  private ServerSentEvents() {}

  static void read(InputStream body, Consumer<String> onData) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        flush(data, onData);
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    flush(data, onData);
  }

  private static void flush(StringBuilder data, Consumer<String> onData) {
    if (data.length() > 0) {
      onData.accept(data.toString());
      data.setLength(0);
    }
  }
}
