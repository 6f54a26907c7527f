package dev.devflow.workflowengine.support;

import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * tmux on the engine's own server socket. Every value is one argument; the agent command is given
 * as several arguments, which tmux executes directly rather than through a shell.
 */
@ApplicationScoped
public class Tmux {

  /** A session's pane state. */
  public record PaneState(boolean dead, int exitStatus) {}

  private static final String PANE_FORMAT = "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}";
  private static final String EXIT_RECORDER =
      "f=$1; shift; \"$@\"; s=$?; printf '%s' \"$s\" > \"$f\"; exit $s";

  private final String binary;
  private final String socket;

  public Tmux(EngineConfig config) {
    this.binary = config.tmuxBinary();
    this.socket = config.tmuxSocket();
  }

  public Processes.Result tmux(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(binary, "-L", socket));
    command.addAll(Arrays.asList(args));
    return Processes.run(command, null, stdin, Map.of(), Duration.ofSeconds(15));
  }

  /**
   * Starts a detached session running command (at least two arguments, so tmux never hands it to a
   * shell). Dead panes stay so the exit status can be read.
   */
  public void newSession(String name, Path dir, Map<String, String> env, List<String> command) {
    List<String> args = new ArrayList<>(List.of("start-server", ";"));
    args.addAll(List.of("set-option", "-g", "remain-on-exit", "on", ";"));
    args.addAll(List.of("set-option", "-g", "history-limit", "50000", ";"));
    args.addAll(List.of("new-session", "-d", "-s", name, "-c", dir.toString()));
    args.addAll(List.of("-x", "200", "-y", "50"));
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    args.add("--");
    // tmux 3.3 sometimes never reports a dead pane's exit status (seen in about 1 of 15 quick
    // exits): a small shell around the command writes it to a file as well.
    Path statusFile = exitStatusFile(name);
    try {
      Files.createDirectories(statusFile.getParent());
      Files.deleteIfExists(statusFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    args.addAll(List.of("/bin/sh", "-c", EXIT_RECORDER, "devflow-agent", statusFile.toString()));
    args.addAll(command);
    tmux(null, args.toArray(String[]::new)).orThrow();
  }

  /** Where the command's exit status is written when it ends. */
  static Path exitStatusFile(String session) {
    return Path.of(System.getProperty("java.io.tmpdir"), "devflow-agent-exit", session + ".status");
  }

  public boolean hasSession(String name) {
    return tmux(null, "has-session", "-t", "=" + name).ok();
  }

  /** The pane's state, or empty when the session does not exist. */
  public Optional<PaneState> pane(String name) {
    Processes.Result r = tmux(null, "list-panes", "-t", "=" + name + ":", "-F", PANE_FORMAT);
    if (!r.ok() || r.stdout().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(withRecordedStatus(name, paneState(r.stdout().split("\n")[0]), r.stdout()));
  }

  /** The pane's state and text from one tmux invocation, or empty when the session is gone. */
  public Optional<Map.Entry<PaneState, String>> snapshot(String name) {
    String target = "=" + name + ":";
    Processes.Result r =
        tmux(
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
  private static PaneState withRecordedStatus(String session, PaneState state, String line) {
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

  /** Names of all sessions on the engine's socket. */
  public List<String> sessions() {
    Processes.Result r = tmux(null, "list-sessions", "-F", "#{session_name}");
    if (!r.ok() || r.stdout().isBlank()) {
      return List.of();
    }
    return List.of(r.stdout().strip().split("\n"));
  }

  /** The pane's whole scrollback and screen as text, joined lines, no escapes. */
  public Optional<String> capture(String name) {
    Processes.Result r = tmux(null, "capture-pane", "-p", "-J", "-S", "-", "-t", "=" + name + ":");
    return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
  }

  /** Pastes text into the pane (bracketed when the program asks for it), then presses Enter. */
  public boolean paste(String name, String bufferName, String text) {
    if (!tmux(text, "load-buffer", "-b", bufferName, "-").ok()) {
      return false;
    }
    return tmux(null, "paste-buffer", "-d", "-p", "-b", bufferName, "-t", "=" + name + ":").ok()
        && tmux(null, "send-keys", "-t", "=" + name + ":", "Enter").ok();
  }

  public void kill(String name) {
    tmux(null, "kill-session", "-t", "=" + name);
  }

  /** Stops the whole server of this socket (tests, benchmarks). */
  public void killServer() {
    tmux(null, "kill-server");
  }
}
