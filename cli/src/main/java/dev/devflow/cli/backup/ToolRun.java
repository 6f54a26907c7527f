package dev.devflow.cli.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs PostgreSQL client programs, failing with their own error message when they fail. */
final class ToolRun {

  private ToolRun() {}

  /** Runs {@code command} with {@code env} added; its output goes to {@code output} if given. */
  static void run(List<String> command, Map<String, String> env, Path output)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Path errors = Files.createTempFile("devflow-pg", ".err");
    try {
      builder.redirectError(errors.toFile());
      builder.redirectOutput(
          output == null
              ? ProcessBuilder.Redirect.DISCARD
              : ProcessBuilder.Redirect.to(output.toFile()));
      Process process = builder.start();
      process.getOutputStream().close();
      check(command, process.waitFor(), errors);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Pipes the first command's output into the second's input, like a shell pipeline. */
  static void pipe(List<String> first, List<String> second, Map<String, String> env)
      throws IOException, InterruptedException {
    Path firstErrors = Files.createTempFile("devflow-pg", ".err");
    Path secondErrors = Files.createTempFile("devflow-pg", ".err");
    try {
      ProcessBuilder from = new ProcessBuilder(first).redirectError(firstErrors.toFile());
      ProcessBuilder to =
          new ProcessBuilder(second)
              .redirectError(secondErrors.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      from.environment().putAll(env);
      to.environment().putAll(env);
      List<Process> processes = ProcessBuilder.startPipeline(List.of(from, to));
      processes.get(0).getOutputStream().close();
      int firstExit = processes.get(0).waitFor();
      int secondExit = processes.get(1).waitFor();
      check(first, firstExit, firstErrors);
      check(second, secondExit, secondErrors);
    } finally {
      Files.deleteIfExists(firstErrors);
      Files.deleteIfExists(secondErrors);
    }
  }

  private static void check(List<String> command, int exit, Path errors) throws IOException {
    if (exit != 0) {
      String message = Files.readString(errors, StandardCharsets.UTF_8).strip();
      String program = Path.of(command.get(0)).getFileName().toString();
      throw new IllegalStateException(
          program + " failed (exit " + exit + ")" + (message.isEmpty() ? "" : ": " + message));
    }
  }
}
