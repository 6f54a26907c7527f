package dev.devflow.integrations.sync;

import dev.devflow.integrations.auth.ServiceTokens;
import dev.devflow.integrations.config.IntegrationsConfig;
import dev.devflow.integrations.connection.ProviderCalls;
import dev.devflow.integrations.knowledge.KnowledgeHubClient;
import jakarta.inject.Singleton;

/**
 * What a sync session talks to: the provider (with the connection's token) and the knowledge hub.
 */
// A singleton, not a client proxy: the session reads its fields directly.
@Singleton
public class SyncTools {

  final ProviderCalls calls;
  final KnowledgeHubClient knowledge;
  final ServiceTokens serviceTokens;
  final IntegrationsConfig config;

  public SyncTools(
      ProviderCalls calls,
      KnowledgeHubClient knowledge,
      ServiceTokens serviceTokens,
      IntegrationsConfig config) {
    this.calls = calls;
    this.knowledge = knowledge;
    this.serviceTokens = serviceTokens;
    this.config = config;
  }
}
