package dev.devflow.gateway.tenant;

import dev.devflow.common.auth.Caller;
import dev.devflow.gateway.auth.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Tenants of the installation: the platform administrator provisions and manages them. */
@Path("/api/v1/tenants")
public class TenantResource {

  /** What a platform administrator sends to create a tenant. */
  public record CreateTenant(
      @NotBlank
          @Pattern(
              regexp = "[a-z][a-z0-9_]{2,39}",
              message =
                  "must be 3-40 characters: a lowercase letter, then lowercase letters, digits or underscores")
          String slug,
      @NotBlank @Size(max = 200) String name,
      @Size(max = 40) String plan,
      @Size(max = 40) String region,
      @NotBlank @Email String adminEmail) {}

  /** The answer to a provisioning: the tenant and its first key, shown this once. */
  public record Created(Tenant tenant, String adminEmail, String apiKey, String apiKeyPrefix) {}

  private final TenantProvisioner provisioner;
  private final TenantAdministration administration;
  private final Caller caller;
  private final CurrentCaller current;

  @Inject
  public TenantResource(
      TenantProvisioner provisioner,
      TenantAdministration administration,
      Caller caller,
      CurrentCaller current) {
    this.provisioner = provisioner;
    this.administration = administration;
    this.caller = caller;
    this.current = current;
  }

  @POST
  public Response create(@Valid @jakarta.validation.constraints.NotNull CreateTenant request) {
    caller.requirePlatformAdmin();
    TenantProvisioner.Provisioned done =
        provisioner.provision(
            new TenantProvisioner.NewTenant(
                request.slug(),
                request.name(),
                request.plan() == null ? "free" : request.plan(),
                request.region(),
                request.adminEmail().toLowerCase(java.util.Locale.ROOT)));
    return Response.created(URI.create("/api/v1/tenants/" + done.tenant().slug()))
        .entity(
            new Created(done.tenant(), done.admin().email(), done.secret(), done.key().prefix()))
        .build();
  }

  @GET
  public List<Tenant> list() {
    caller.requirePlatformAdmin();
    return administration.list();
  }

  @GET
  @Path("/{slug}")
  public Tenant get(@PathParam("slug") String slug) {
    if (!caller.isPlatformAdmin() && !slug.equals(current.get().tenantSlug())) {
      caller.requirePlatformAdmin();
    }
    return administration.get(slug);
  }

  @POST
  @Path("/{slug}/suspend")
  public Tenant suspend(@PathParam("slug") String slug) {
    caller.requirePlatformAdmin();
    return administration.suspend(slug);
  }

  @POST
  @Path("/{slug}/resume")
  public Tenant resume(@PathParam("slug") String slug) {
    caller.requirePlatformAdmin();
    return administration.resume(slug);
  }

  @DELETE
  @Path("/{slug}")
  public Response delete(@PathParam("slug") String slug, @QueryParam("confirm") String confirm) {
    caller.requirePlatformAdmin();
    administration.delete(slug, confirm);
    return Response.noContent().build();
  }
}
