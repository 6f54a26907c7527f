package dev.devflow.integrations.sync;

/** Lets tests in other packages read the tenant claim of a forwarded token. */
public final class GitHubSyncTestAccess {

  private GitHubSyncTestAccess() {}

  public static String tenantOf(String authorization) {
    return GitHubSyncTest.tenantOf(authorization);
  }
}
