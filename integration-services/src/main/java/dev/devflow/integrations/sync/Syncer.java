package dev.devflow.integrations.sync;

import dev.devflow.integrations.connection.Connection;

/** Reads one kind of target from its provider. */
public interface Syncer {

  /** The target kind it reads. */
  String kind();

  /**
   * Checks that the connection's token can see the target; a 422 naming {@code key} otherwise.
   *
   * @param call makes an authorised provider call for the connection
   */
  void checkAccess(Connection connection, String key, ProviderCall call);

  /** Emits what changed since the session's cursors and stages the new cursors. */
  void sync(SyncSession session);

  /** A provider call made with a connection's token. */
  @FunctionalInterface
  interface ProviderCall {
    dev.devflow.integrations.provider.ProviderResponse send(
        dev.devflow.integrations.provider.ProviderRequest request);
  }
}
