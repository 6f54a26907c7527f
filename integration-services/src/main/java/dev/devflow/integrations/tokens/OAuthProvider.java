package dev.devflow.integrations.tokens;

import dev.devflow.integrations.provider.Provider;
import java.net.URI;

/** One provider's OAuth 2.0 dialect. */
public interface OAuthProvider {

  Provider provider();

  /** Whether the client id and secret are configured. */
  boolean configured();

  /** The page the user is sent to, carrying the state and the PKCE challenge (S256). */
  URI authorizationUrl(String state, String codeChallenge, URI redirectUri);

  /** Trades the callback's code for tokens; a refused code is a 4xx problem. */
  TokenSet exchange(String code, String codeVerifier, URI redirectUri);

  /** New tokens from a refresh token; a refused one is a ProviderException with status 400/401. */
  TokenSet refresh(String refreshToken);

  /** Who the token belongs to (for Atlassian: the first site it can reach). */
  Account account(String accessToken);

  /** Revokes the grant where the provider allows it; returns whether it did. */
  boolean revoke(String accessToken);
}
