package dev.devflow.gateway.tenant;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;

/** A service's internal endpoint that migrates a tenant's schema. */
@Path("/internal/tenants/{slug}/migrations")
interface MigrationsRestClient {

  @POST
  Map<String, Object> migrate(
      @PathParam("slug") String slug, @HeaderParam("Authorization") String authorization);
}
