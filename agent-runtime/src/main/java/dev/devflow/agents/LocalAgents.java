package dev.devflow.agents;

import dev.devflow.agents.cli.AgentLaunch;
import dev.devflow.agents.cli.AgentMode;
import dev.devflow.agents.cli.CliFamily;
import dev.devflow.agents.cli.CliSetup;
import dev.devflow.agents.cli.ScreenReader;
import dev.devflow.agents.git.Worktrees;
import dev.devflow.agents.tmux.Tmux;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Agents on this machine: each in its own git worktree and branch, its CLI prepared by {@link
 * CliSetup}, running in a tmux session on a server of its own. Used by the workflow engine in local
 * mode and by {@code devflow runner} on a developer's machine.
 */
public class LocalAgents {

  private final Tmux tmux;
  private final Worktrees worktrees;
  private final CliSetup setup;
  private final Duration readyTimeout;
  private final Duration verifyTimeout;

  /**
   * @param readyTimeout how long an interactive CLI may take to show its input prompt
   * @param verifyTimeout how long a pasted prompt may take to show in the pane
   */
  public LocalAgents(
      Tmux tmux,
      Worktrees worktrees,
      CliSetup setup,
      Duration readyTimeout,
      Duration verifyTimeout) {
    this.tmux = tmux;
    this.worktrees = worktrees;
    this.setup = setup;
    this.readyTimeout = readyTimeout;
    this.verifyTimeout = verifyTimeout;
  }

  /** Prepares the worktree and branch (reusing them if they exist) and starts the session. */
  public Placement start(AgentLaunch launch) {
    worktrees.ensure(launch.repo(), launch.worktree(), launch.branch(), launch.baseBranch());
    launch(launch);
    return new Placement(launch.session(), launch.worktree(), launch.branch());
  }

  /** Starts the agent's command again in its existing worktree (after ending any old session). */
  public void restart(AgentLaunch launch) {
    tmux.kill(launch.session());
    launch(launch);
  }

  private void launch(AgentLaunch launch) {
    CliSetup.Prepared prepared = setup.prepare(launch);
    tmux.newSession(launch.session(), launch.worktree(), prepared.env(), prepared.command());
  }

  /**
   * Gives an interactive CLI its prompt once its input prompt shows, and checks that it arrived
   * (the marker shows in the pane). A headless CLI got its prompt as an argument.
   */
  public boolean deliver(AgentLaunch launch, String marker) {
    if (launch.mode() == AgentMode.HEADLESS && launch.kind().family() != CliFamily.GENERIC) {
      return true;
    }
    String session = launch.session();
    CliFamily family = launch.kind().family();
    if (family == CliFamily.OPENCODE
        && waitForText(session, text -> text.contains(marker), readyTimeout.plus(verifyTimeout))) {
      return true; // its --prompt arrived; otherwise it is pasted, as for the other CLIs
    }
    if (!waitFor(session, screen -> ScreenReader.readyForPrompt(family, screen), readyTimeout)) {
      return false;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      if (!tmux.paste(session, launch.prompt())) {
        return false;
      }
      if (waitForText(session, text -> text.contains(marker), verifyTimeout)) {
        return true;
      }
    }
    return false;
  }

  /** Types a message into a live session and presses Enter. */
  public boolean type(String session, String message) {
    return tmux.paste(session, message);
  }

  /** Presses Escape: a CLI waiting for permission refuses the call and waits for its user. */
  public boolean interrupt(String session) {
    return tmux.keys(session, "Escape");
  }

  public AgentState state(String session) {
    return tmux.pane(session).map(LocalAgents::stateOf).orElse(AgentState.gone());
  }

  public Snapshot snapshot(String session) {
    Optional<Map.Entry<Tmux.PaneState, String>> look = tmux.snapshot(session);
    if (look.isEmpty()) {
      return Snapshot.gone();
    }
    AgentState state = stateOf(look.get().getKey());
    Optional<String> screen =
        state.liveness() == AgentState.Liveness.RUNNING ? tmux.screen(session) : Optional.empty();
    return new Snapshot(state, Optional.of(look.get().getValue()), screen);
  }

  public Optional<String> capture(String session) {
    return tmux.capture(session);
  }

  public void kill(String session) {
    tmux.kill(session);
  }

  /** The sessions whose servers run now. */
  public List<String> sessions() {
    return tmux.sessions();
  }

  /** Removes the worktree (and optionally its branch); tolerates either being gone already. */
  public void removeWorktree(Path repo, Path worktree, String branch, boolean deleteBranch) {
    worktrees.remove(repo, worktree, branch, deleteBranch);
  }

  public Worktrees worktrees() {
    return worktrees;
  }

  private static AgentState stateOf(Tmux.PaneState pane) {
    return pane.dead()
        ? new AgentState(AgentState.Liveness.EXITED, pane.exitStatus())
        : AgentState.running();
  }

  private boolean waitFor(String session, Predicate<String> test, Duration max) {
    Instant deadline = Instant.now().plus(max);
    do {
      if (state(session).liveness() != AgentState.Liveness.RUNNING) {
        return false;
      }
      Optional<String> screen = tmux.screen(session);
      if (screen.isEmpty()) {
        return false;
      }
      if (test.test(screen.get())) {
        return true;
      }
      sleep(100);
    } while (Instant.now().isBefore(deadline));
    return false;
  }

  private boolean waitForText(String session, Predicate<String> test, Duration max) {
    Instant deadline = Instant.now().plus(max);
    do {
      Optional<String> text = tmux.capture(session);
      if (text.isEmpty()) {
        return false;
      }
      if (test.test(text.get())) {
        return true;
      }
      sleep(50);
    } while (Instant.now().isBefore(deadline));
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
