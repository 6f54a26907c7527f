package dev.devflow.cli.home;

/** Facts about this build that every command may need. */
public final class Build {

  /** This build's version, recorded in backups and exports and sent by runners on connect. */
  public static final String VERSION = "0.1.0";

  private Build() {}
}
