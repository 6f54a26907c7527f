package dev.devflow.cli;

import dev.devflow.cli.home.DevflowHome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The end of a log file, shown under a start-up failure so the cause is usually on screen. */
final class LogTail {

  static final int LINES = 15;
  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /** The one-line failure message, followed by the last lines of {@code log} indented below it. */
  static String failure(String part, String reason, Path log) {
    String line =
        "devflow: " + part + " failed to start (" + reason + "); see " + DevflowHome.display(log);
    List<String> tail = lastLines(log, LINES);
    if (tail.isEmpty()) {
      return line;
    }
    return line
        + System.lineSeparator()
        + tail.stream().map(l -> "    " + l).collect(Collectors.joining(System.lineSeparator()));
  }

  /** The last {@code count} non-blank lines; reads only the file's end, as logs can be large. */
  static List<String> lastLines(Path log, int count) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      file.seek(length - size);
      file.readFully(bytes);
      List<String> lines =
          Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\\R"))
              .filter(l -> !l.isBlank())
              .toList();
      return lines.subList(Math.max(0, lines.size() - count), lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
