package dev.devflow.agents.tmux;

import dev.devflow.agents.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * tmux with one server per agent session, each on its own socket file under one directory: a crash
 * of one server (tmux 3.3a segfaults when keys reach a dead pane) ends one agent, never all of
 * them. Keys and pastes only ever reach a live pane: the check and the paste run inside the server
 * in one command ({@code if-shell -F '#{pane_dead}'}), so a pane cannot die in between. Every value
 * is one argument; agent commands run without a shell.
 */
public class Tmux {

  /** A session's pane state. */
  public record PaneState(boolean dead, int exitStatus) {}

  private static final String PANE_FORMAT = "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}";
  private static final String EXIT_RECORDER =
      "f=$1; shift; \"$@\"; s=$?; printf '%s' \"$s\" > \"$f\"; exit $s";
  private static final String SESSION_NAME = "[A-Za-z0-9_.-]{1,80}";

  /**
   * Starts a session's tmux server. The default runs the tmux client that starts it as a child of
   * this process, so the server and the agent run here; {@code ContainerStarter} runs the same
   * command as the main process of a container of its own, whose server socket lands in the same
   * directory (a volume both mount), so every other tmux call works unchanged.
   */
  @FunctionalInterface
  public interface ServerStarter {
    /**
     * Runs command (a tmux client that starts the server, listening on socket, and its session) in
     * dir with env.
     */
    void start(
        String session, Path socket, Path dir, Map<String, String> env, List<String> command);
  }

  /** Runs the command here; the server (and the agent) see only env. */
  public static final ServerStarter HERE =
      (session, socket, dir, env, command) ->
          Processes.run(command, dir, null, env, Duration.ofSeconds(15), true).orThrow();

  private static final Duration SERVER_START = Duration.ofSeconds(30);

  private final String binary;
  private final Path socketDir;
  private final ServerStarter starter;

  /**
   * @param binary the tmux program
   * @param socketDir where every agent's server socket lives; {@code tmux -S <dir>/<session>
   *     attach} attaches to one
   */
  public Tmux(String binary, Path socketDir) {
    this(binary, socketDir, HERE);
  }

  /** As {@link #Tmux(String, Path)}, with the servers started by starter. */
  public Tmux(String binary, Path socketDir, ServerStarter starter) {
    this.binary = binary;
    this.socketDir = socketDir.toAbsolutePath().normalize();
    this.starter = starter;
  }

  public String binary() {
    return binary;
  }

  /** The socket of a session's own server. */
  public Path socketOf(String session) {
    if (!session.matches(SESSION_NAME)) {
      throw new IllegalArgumentException("Not a session name: " + session);
    }
    return socketDir.resolve(session);
  }

  /** Runs tmux against the session's own server. */
  public Processes.Result tmux(String session, String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(binary, "-S", socketOf(session).toString()));
    command.addAll(Arrays.asList(args));
    return Processes.run(command, null, stdin, Map.of(), Duration.ofSeconds(15));
  }

  /**
   * Starts a new server with one detached session running command (at least two arguments, so tmux
   * never hands it to a shell). The server, and so the command, sees only env. Dead panes stay so
   * the exit status can be read.
   */
  public void newSession(String name, Path dir, Map<String, String> env, List<String> command) {
    try {
      Files.createDirectories(socketDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of(binary, "-S", socketOf(name).toString()));
    args.addAll(List.of("-f", "/dev/null", "start-server", ";"));
    args.addAll(List.of("set-option", "-g", "remain-on-exit", "on", ";"));
    args.addAll(List.of("set-option", "-g", "history-limit", "50000", ";"));
    args.addAll(List.of("set-option", "-g", "exit-empty", "off", ";"));
    args.addAll(List.of("new-session", "-d", "-s", name, "-c", dir.toString()));
    args.addAll(List.of("-x", "200", "-y", "50"));
    args.add("--");
    // tmux 3.3 sometimes never reports a dead pane's exit status (seen in about 1 of 15 quick
    // exits): a small shell around the command writes it to a file as well.
    Path statusFile = exitStatusFile(name);
    try {
      Files.deleteIfExists(statusFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    args.addAll(List.of("/bin/sh", "-c", EXIT_RECORDER, "devflow-agent", statusFile.toString()));
    args.addAll(command);
    starter.start(name, socketOf(name), dir, env, args);
    awaitSession(name);
  }

  /** A server started elsewhere answers a moment later; here, at once. */
  private void awaitSession(String name) {
    long deadline = System.nanoTime() + SERVER_START.toNanos();
    while (!hasSession(name)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The tmux server of session " + name + " did not answer within " + SERVER_START);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting session " + name, e);
      }
    }
  }

  /** Where the command's exit status is written when it ends. */
  Path exitStatusFile(String session) {
    return socketDir.resolve(session + ".status");
  }

  /** The pane's state, or empty when the session (or its server) does not exist. */
  public Optional<PaneState> pane(String name) {
    if (!Files.exists(socketOf(name))) {
      return Optional.empty();
    }
    Processes.Result r = tmux(name, null, "list-panes", "-t", "=" + name + ":", "-F", PANE_FORMAT);
    if (!r.ok() || r.stdout().isBlank()) {
      return Optional.empty();
    }
    String first = r.stdout().split("\n")[0];
    return Optional.of(withRecordedStatus(name, paneState(first), first));
  }

  /** The pane's state and text from one tmux invocation, or empty when the session is gone. */
  public Optional<Map.Entry<PaneState, String>> snapshot(String name) {
    if (!Files.exists(socketOf(name))) {
      return Optional.empty();
    }
    String target = "=" + name + ":";
    Processes.Result r =
        tmux(
            name,
            null,
            "list-panes",
            "-t",
            target,
            "-F",
            PANE_FORMAT,
            ";",
            "capture-pane",
            "-p",
            "-J",
            "-S",
            "-",
            "-t",
            target);
    if (!r.ok() || r.stdout().isBlank()) {
      return Optional.empty();
    }
    int eol = r.stdout().indexOf('\n');
    String text = eol < 0 ? "" : r.stdout().substring(eol + 1);
    String first = eol < 0 ? r.stdout() : r.stdout().substring(0, eol);
    return Optional.of(Map.entry(withRecordedStatus(name, paneState(first), first), text));
  }

  /**
   * Reads "dead status signal". tmux marks a pane dead when its terminal closes, which can come a
   * moment before it has collected the command's exit status: a dead pane with neither a status nor
   * a signal yet is reported as still running, so the next look gets the real status instead of a
   * made-up 0.
   */
  static PaneState paneState(String line) {
    String[] parts = line.strip().split(" ", -1);
    boolean dead = "1".equals(parts[0]);
    String status = parts.length > 1 ? parts[1].strip() : "";
    String signal = parts.length > 2 ? parts[2].strip() : "";
    if (!dead) {
      return new PaneState(false, 0);
    }
    if (!status.isEmpty()) {
      return new PaneState(true, Integer.parseInt(status));
    }
    if (!signal.isEmpty()) {
      return new PaneState(true, 128 + Integer.parseInt(signal));
    }
    return new PaneState(false, 0);
  }

  /** A pane tmux calls dead without a status: the wrapper's file has the status. */
  private PaneState withRecordedStatus(String session, PaneState state, String line) {
    if (state.dead() || !line.strip().startsWith("1")) {
      return state;
    }
    try {
      String recorded = Files.readString(exitStatusFile(session)).strip();
      return recorded.isEmpty() ? state : new PaneState(true, Integer.parseInt(recorded));
    } catch (IOException | NumberFormatException e) {
      return state;
    }
  }

  /** Names of the sessions whose servers answer, from the socket files in the directory. */
  public List<String> sessions() {
    if (!Files.isDirectory(socketDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(socketDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches(SESSION_NAME) && !n.endsWith(".status"))
          .filter(this::hasSession)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean hasSession(String name) {
    return Files.exists(socketOf(name)) && tmux(name, null, "has-session", "-t", "=" + name).ok();
  }

  /** The pane's whole scrollback and screen as text, joined lines, no escapes. */
  public Optional<String> capture(String name) {
    if (!Files.exists(socketOf(name))) {
      return Optional.empty();
    }
    Processes.Result r =
        tmux(name, null, "capture-pane", "-p", "-J", "-S", "-", "-t", "=" + name + ":");
    return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
  }

  /** The visible screen only (no scrollback), as the CLI draws it now. */
  public Optional<String> screen(String name) {
    if (!Files.exists(socketOf(name))) {
      return Optional.empty();
    }
    Processes.Result r = tmux(name, null, "capture-pane", "-p", "-t", "=" + name + ":");
    return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
  }

  /**
   * Pastes text into a live pane (bracketed when the program asks for it), then presses Enter.
   * False when the session is gone or its pane dead: nothing was sent.
   */
  public boolean paste(String name, String text) {
    String buffer = "devflow-" + Long.toHexString(System.nanoTime());
    if (!Files.exists(socketOf(name)) || !tmux(name, text, "load-buffer", "-b", buffer, "-").ok()) {
      return false;
    }
    String target = "=" + name + ":";
    boolean pasted =
        ifAlive(name, "paste-buffer -d -p -b " + buffer + " -t " + quoted(target), "pasted");
    if (!pasted) {
      tmux(name, null, "delete-buffer", "-b", buffer);
      return false;
    }
    // A moment for the program to take the paste in before Enter submits it.
    sleep(150);
    return keys(name, "Enter");
  }

  /** Presses keys (tmux key names such as Enter, Escape, C-c) in a live pane. */
  public boolean keys(String name, String... keys) {
    if (!Files.exists(socketOf(name))) {
      return false;
    }
    StringBuilder command = new StringBuilder("send-keys -t ").append(quoted("=" + name + ":"));
    for (String key : keys) {
      if (!key.matches("[A-Za-z0-9-]{1,20}")) {
        throw new IllegalArgumentException("Not a key name: " + key);
      }
      command.append(' ').append(key);
    }
    return ifAlive(name, command.toString(), "sent");
  }

  /**
   * Runs a tmux command only if the session's pane is alive, decided inside the server so that the
   * pane cannot die between the check and the command.
   */
  private boolean ifAlive(String name, String command, String marker) {
    Processes.Result r =
        tmux(
            name,
            null,
            "if-shell",
            "-F",
            "-t",
            "=" + name + ":",
            "#{pane_dead}",
            "display-message -p dead",
            command + " ; display-message -p " + marker);
    return r.ok() && r.stdout().contains(marker);
  }

  /** Ends the session and its server, and removes the socket and status files. */
  public void kill(String name) {
    if (Files.exists(socketOf(name))) {
      tmux(name, null, "kill-server");
    }
    try {
      Files.deleteIfExists(socketOf(name));
      Files.deleteIfExists(exitStatusFile(name));
    } catch (IOException e) {
      // a stale socket file is found dead on the next look and removed then
    }
  }

  private static String quoted(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
