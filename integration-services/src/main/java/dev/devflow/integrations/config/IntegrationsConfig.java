package dev.devflow.integrations.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The integration services' settings, under {@code devflow.integrations}. */
@ConfigMapping(prefix = "devflow.integrations")
public interface IntegrationsConfig {

  /**
   * Where browsers reach DevFlow; providers redirect to the dashboard's {@code
   * <this>/integrations/callback/<provider>}, which relays to the callback API.
   */
  @WithDefault("http://localhost:3737")
  URI publicUrl();

  /**
   * AES-GCM key ring ({@code SECRET_ENCRYPTION_KEY}): {@code id:base64[,id:base64...]}, first
   * encrypts.
   */
  Optional<String> encryptionKeys();

  /**
   * Local mode only, when SECRET_ENCRYPTION_KEY is unset: a key generated once and kept in this
   * file (owner-only), so `devflow up` works without setup. Never used in multi-tenant modes.
   */
  java.nio.file.Path localKeyFile();

  /** GitHub OAuth App (or GitHub App user flow). */
  GitHub github();

  /** Atlassian OAuth 2.0 (3LO) for Jira and Confluence Cloud. */
  Atlassian atlassian();

  /** Outbound calls to the providers. */
  Http http();

  /** Background synchronisation. */
  Sync sync();

  /** 1Password Connect, an optional source of the client secrets and the encryption key. */
  OnePassword onepassword();

  /** GitHub endpoints and credentials. */
  interface GitHub {
    /** OAuth client id ({@code GITHUB_CLIENT_ID}). */
    Optional<String> clientId();

    /** OAuth client secret ({@code GITHUB_CLIENT_SECRET}); may be an {@code op://} reference. */
    Optional<String> clientSecret();

    /** Base of the web endpoints (authorize, access_token). */
    @WithDefault("https://github.com")
    URI webUrl();

    /** Base of the REST API. */
    @WithDefault("https://api.github.com")
    URI apiUrl();

    /** Scopes asked for. */
    @WithDefault("repo read:user")
    String scopes();
  }

  /** Atlassian endpoints and credentials. */
  interface Atlassian {
    /** OAuth client id ({@code ATLASSIAN_CLIENT_ID}). */
    Optional<String> clientId();

    /** OAuth client secret ({@code ATLASSIAN_CLIENT_SECRET}); may be an {@code op://} reference. */
    Optional<String> clientSecret();

    /** Base of the authorization server (authorize, oauth/token). */
    @WithDefault("https://auth.atlassian.com")
    URI authUrl();

    /** Base of the API gateway (accessible-resources, ex/jira, ex/confluence). */
    @WithDefault("https://api.atlassian.com")
    URI apiUrl();

    /** Scopes asked for; offline_access yields a refresh token. */
    @WithDefault(
        "read:jira-work read:jira-user read:confluence-content.all read:confluence-space.summary"
            + " search:confluence offline_access")
    String scopes();
  }

  /** Provider HTTP behaviour. */
  interface Http {
    /** Connect and read timeout of one call. */
    @WithDefault("20s")
    Duration timeout();

    /** Retries of one call after a rate limit or a 5xx. */
    @WithDefault("4")
    int maxRetries();

    /** First pause when a provider gives no hint how long to wait; doubles each retry. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest single pause; a provider asking for more fails the job, to be resumed later. */
    @WithDefault("120s")
    Duration maxBackoff();

    /** Refresh an access token this long before it expires. */
    @WithDefault("5m")
    Duration refreshAhead();
  }

  /** Sync behaviour. */
  interface Sync {
    /** Sync jobs run at once in this process. */
    @WithDefault("2")
    int parallelJobs();

    /** Documents sent to the knowledge hub per upload request. */
    @WithDefault("20")
    int batchSize();

    /** Targets not synced for this long are synced by the schedule ({@code 0s}: never). */
    @WithDefault("1h")
    Duration interval();

    /** Base URL of the knowledge hub ({@code KNOWLEDGE_HUB_URL}). */
    @WithDefault("http://localhost:8282")
    URI knowledgeHubUrl();

    /** Base URL of the workflow engine ({@code WORKFLOW_ENGINE_URL}). */
    @WithDefault("http://localhost:8181")
    URI workflowEngineUrl();
  }

  /** 1Password Connect ({@code OP_CONNECT_HOST}, {@code OP_CONNECT_TOKEN}). */
  interface OnePassword {
    /** Connect server URL; secrets written {@code op://vault/item/field} are read from it. */
    Optional<URI> host();

    /** Connect access token. */
    Optional<String> token();
  }
}
