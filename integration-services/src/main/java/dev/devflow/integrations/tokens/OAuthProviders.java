package dev.devflow.integrations.tokens;

import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.integrations.provider.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;

/** The OAuth dialect of each provider. */
@ApplicationScoped
public class OAuthProviders {

  private final Map<Provider, OAuthProvider> byProvider = new EnumMap<>(Provider.class);

  public OAuthProviders(Instance<OAuthProvider> all) {
    all.forEach(p -> byProvider.put(p.provider(), p));
  }

  /** The provider's OAuth client; 503 naming the variables when it is not configured. */
  public OAuthProvider configured(Provider provider) {
    OAuthProvider p = byProvider.get(provider);
    if (!p.configured()) {
      String prefix = provider.name();
      throw new ProblemException(
          ProblemType.UNAVAILABLE,
          "Connecting "
              + provider.id()
              + " is not set up on this installation: set "
              + prefix
              + "_CLIENT_ID and "
              + prefix
              + "_CLIENT_SECRET.");
    }
    return p;
  }
}
