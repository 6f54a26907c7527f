package dev.devflow.cli;

import dev.devflow.cli.backup.BackupCommand;
import dev.devflow.cli.backup.RestoreCommand;
import dev.devflow.cli.home.Build;
import dev.devflow.cli.home.DevflowHome;
import dev.devflow.cli.runner.RunnerCommand;
import dev.devflow.cli.transfer.ExportCommand;
import dev.devflow.cli.transfer.ImportCommand;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code devflow} command, with {@code up}, {@code down} and {@code status} under it. */
@Command(
    name = "devflow",
    mixinStandardHelpOptions = true,
    version = "devflow " + Build.VERSION,
    description = "Run DevFlow on this machine: PostgreSQL and the five services.",
    subcommands = CommandLine.HelpCommand.class)
public final class DevflowCommand implements Runnable {

  /** Set by the ./devflow script to the repository whose service builds {@code up} runs. */
  static final String REPO_PROPERTY = "devflow.home.repo";

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose up, down, status, mcp, runner, create-admin, create-tenant,"
            + " backup, restore, export or import");
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Path repo = Path.of(System.getProperty(REPO_PROPERTY, "")).toAbsolutePath().normalize();
    CommandLine commandLine = commandLine(DevflowHome.from(env), Services.local(repo), env, repo);
    System.exit(commandLine.execute(args));
  }

  /** The command tree, with every collaborator given, so tests can substitute them. */
  public static CommandLine commandLine(
      DevflowHome home, Services services, Map<String, String> env, Path repo) {
    CommandLine commandLine = new CommandLine(new DevflowCommand());
    commandLine.addSubcommand(new UpCommand(home, services, env, repo));
    commandLine.addSubcommand(new DownCommand(home, services));
    commandLine.addSubcommand(new StatusCommand(home, services, new ReadinessProbe()));
    commandLine.addSubcommand(new CreateAdminCommand(home, env));
    commandLine.addSubcommand(new CreateTenantCommand(env));
    commandLine.addSubcommand(new McpCommand(home, env));
    commandLine.addSubcommand(new RunnerCommand(home, env, System.out));
    commandLine.addSubcommand(new BackupCommand(home, env, Build.VERSION));
    commandLine.addSubcommand(new RestoreCommand(home, env));
    commandLine.addSubcommand(new ExportCommand(home, env, Build.VERSION));
    commandLine.addSubcommand(new ImportCommand(home, env));
    commandLine.setExecutionExceptionHandler(DevflowCommand::failed);
    commandLine.setParameterExceptionHandler(DevflowCommand::misused);
    return commandLine;
  }

  // Errors are one "devflow: " line, never a stack trace.
  private static int failed(
      Exception exception, CommandLine command, CommandLine.ParseResult parseResult) {
    command.getErr().println("devflow: " + exception.getMessage());
    return 1;
  }

  private static int misused(CommandLine.ParameterException exception, String[] arguments) {
    CommandLine command = exception.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println("devflow: " + exception.getMessage());
    command.getErr().println("Run '" + name + " --help' for usage.");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }
}
