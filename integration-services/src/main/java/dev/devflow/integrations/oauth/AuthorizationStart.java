package dev.devflow.integrations.oauth;

import java.net.URI;
import java.time.Instant;

/** Where to send the user to grant access, and until when the grant may come back. */
public record AuthorizationStart(URI authorizationUrl, URI redirectUri, Instant expiresAt) {}
