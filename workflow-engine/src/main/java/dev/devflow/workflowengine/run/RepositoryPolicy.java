package dev.devflow.workflowengine.run;

import dev.devflow.agents.git.Git;
import dev.devflow.common.config.DeploymentMode;
import dev.devflow.common.config.DevflowConfig;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantSlug;
import dev.devflow.workflowengine.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which repository paths a tenant's runs may name. In local mode (one person's machine) any git
 * repository. Elsewhere only a repository inside the tenant's own root ({@code
 * <DEVFLOW_REPOS_ROOT>/<tenant>}), checked after resolving every symbolic link and {@code ..}; with
 * no root configured, or with runners as the runtime, no path at all: runs name a repository a
 * runner announced. A refusal never says anything about paths outside the tenant's root.
 */
@ApplicationScoped
public class RepositoryPolicy {

  private final boolean local;
  private final DeploymentMode mode;
  private final EngineConfig config;
  private final Git git;

  public RepositoryPolicy(DevflowConfig devflow, EngineConfig config, Git git) {
    this.mode = devflow.deploymentMode();
    this.local = !mode.isMultiTenant();
    this.config = config;
    this.git = git;
  }

  /**
   * Whether runs of the tenant may name paths on the engine's machine at all: in local mode, and
   * on-prem with a repository root; SaaS and dedicated installations run agents on runners only,
   * unless the operator chose the engine's own tmux ({@code runtime=tmux}) with a root.
   */
  public boolean enginePaths(String tenant) {
    return switch (config.runtime()) {
      case "runner" -> false;
      case "tmux" -> local || config.reposRoot().isPresent();
      default -> local || (mode == DeploymentMode.ONPREM && config.reposRoot().isPresent());
    };
  }

  /** The repository's top-level directory, once the path is allowed; a problem otherwise. */
  public Path checkedPath(String tenant, String repoPath) {
    if (!enginePaths(tenant)) {
      throw ProblemException.invalid(
          "repoPath",
          "This installation runs agents only on runners: name a repository one of your runners"
              + " announced (repository), not a path.");
    }
    Path path;
    try {
      path = Path.of(repoPath);
    } catch (InvalidPathException e) {
      throw ProblemException.invalid("repoPath", "repoPath is not a valid path.");
    }
    if (!path.isAbsolute()) {
      throw ProblemException.invalid("repoPath", "repoPath must be an absolute path.");
    }
    return local ? localRepository(path, repoPath) : tenantRepository(tenant, path);
  }

  private Path localRepository(Path path, String asGiven) {
    return git.topLevel(path.normalize())
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "repoPath " + asGiven + " is not a git repository with a working tree.",
                    "repoPath"));
  }

  private Path tenantRepository(String tenant, Path path) {
    Path root = Path.of(config.reposRoot().orElseThrow(), TenantSlug.require(tenant));
    ProblemException refused =
        new ProblemException(
            ProblemType.UNPROCESSABLE,
            "repoPath must be a git repository inside your tenant's repository root, " + root + ".",
            "repoPath");
    Path rootReal = real(root).orElseThrow(() -> refused);
    // Compared before and after resolving links, so neither .. nor a link leads out of the root.
    if (!path.normalize().startsWith(root.normalize()) && !path.normalize().startsWith(rootReal)) {
      throw refused;
    }
    Path resolved = real(path).filter(p -> p.startsWith(rootReal)).orElseThrow(() -> refused);
    Path top =
        git.topLevel(resolved)
            .flatMap(RepositoryPolicy::real)
            .filter(t -> t.startsWith(rootReal) && !t.equals(rootReal))
            .orElseThrow(() -> refused);
    if (!top.equals(resolved)) {
      throw refused;
    }
    return top;
  }

  private static Optional<Path> real(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
