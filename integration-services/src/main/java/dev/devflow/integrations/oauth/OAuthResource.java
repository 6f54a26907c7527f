package dev.devflow.integrations.oauth;

import dev.devflow.common.auth.Caller;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.integrations.connection.ConnectionView;
import dev.devflow.integrations.provider.Provider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Connecting a provider: start (answers where to send the user) and the callback, which the
 * dashboard's page {@code /integrations/callback/<provider>} (where the provider redirects the
 * browser) calls with the signed-in user's key; it must come from the same user of the same tenant
 * within ten minutes.
 */
@Path("/api/v1/integrations/{provider}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connections")
public class OAuthResource {

  private final OAuthService oauth;
  private final TenantContext tenant;
  private final Caller caller;

  public OAuthResource(OAuthService oauth, TenantContext tenant, Caller caller) {
    this.oauth = oauth;
    this.tenant = tenant;
    this.caller = caller;
  }

  @POST
  @Path("/authorize")
  @Consumes(MediaType.WILDCARD)
  public AuthorizationStart authorize(@PathParam("provider") String provider) {
    return oauth.start(
        tenant.slug().orElseThrow(), caller.user().orElseThrow(), Provider.parse(provider));
  }

  @GET
  @Path("/callback")
  public Response callback(
      @PathParam("provider") String provider,
      @QueryParam("code") String code,
      @QueryParam("state") String state,
      @QueryParam("error") String error) {
    ConnectionView view =
        oauth.complete(
            tenant.slug().orElseThrow(),
            caller.user().orElseThrow(),
            Provider.parse(provider),
            code,
            state,
            error);
    return Response.created(URI.create("/api/v1/integrations/connections/" + view.id()))
        .entity(view)
        .build();
  }
}
