package dev.devflow.cli.transfer;

/** The export file's format name and version; import refuses any other. */
final class TransferFormat {

  static final String NAME = "devflow-export";

  /** Bumped on any change an older import could not read. */
  static final int VERSION = 1;

  private TransferFormat() {}
}
