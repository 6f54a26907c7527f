package dev.devflow.gateway.account;

import dev.devflow.common.auth.Role;
import dev.devflow.gateway.auth.CurrentCaller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The caller's tenant's users and API keys. */
@Path("/api/v1")
public class AccountResource {

  /** A user to add. */
  public record NewUser(
      @NotBlank @Email String email,
      @NotNull @Pattern(regexp = "admin|member|viewer", message = "must be admin, member or viewer")
          String role) {}

  /**
   * A key to create for oneself, optionally limited to scopes (read-only, mcp, runner) and expiring
   * after a number of days.
   */
  public record NewKeyRequest(
      @NotBlank @Size(max = 100) String name,
      @Min(1) @Max(3650) Integer expiresInDays,
      @Size(max = 3)
          List<
                  @NotNull
                  @Pattern(
                      regexp = "read-only|mcp|runner",
                      message = "must be read-only, mcp or runner")
                  String>
              scopes) {}

  /** A created user with their first key: its secret is in this answer only. */
  public record CreatedUser(User user, ApiKey key, String apiKey) {}

  /** A created key: its secret is in this answer and nowhere else, ever. */
  public record CreatedKey(ApiKey key, String apiKey) {}

  private final Accounts accounts;
  private final CurrentCaller caller;

  @Inject
  public AccountResource(Accounts accounts, CurrentCaller caller) {
    this.accounts = accounts;
    this.caller = caller;
  }

  @GET
  @Path("/users")
  public List<User> users() {
    return accounts.listUsers(caller.inTenant());
  }

  @POST
  @Path("/users")
  public Response addUser(@Valid @NotNull NewUser request) {
    Accounts.NewMember member =
        accounts.createUser(
            caller.inTenant(),
            request.email().toLowerCase(Locale.ROOT),
            Role.fromClaim(request.role()).orElseThrow());
    return Response.status(201)
        .entity(new CreatedUser(member.user(), member.key(), member.secret()))
        .build();
  }

  @DELETE
  @Path("/users/{id}")
  public Response removeUser(@PathParam("id") UUID id) {
    accounts.deleteUser(caller.inTenant(), id);
    return Response.noContent().build();
  }

  @GET
  @Path("/keys")
  public List<ApiKey> keys() {
    return accounts.listKeys(caller.inTenant());
  }

  @POST
  @Path("/keys")
  public Response createKey(@Valid @NotNull NewKeyRequest request) {
    Accounts.NewKey created =
        accounts.createKey(
            caller.inTenant(),
            request.name(),
            request.expiresInDays(),
            request.scopes() == null
                ? List.of()
                : List.copyOf(new java.util.TreeSet<>(request.scopes())));
    return Response.status(201).entity(new CreatedKey(created.key(), created.secret())).build();
  }

  @DELETE
  @Path("/keys/{id}")
  public ApiKey revokeKey(@PathParam("id") UUID id) {
    return accounts.revokeKey(caller.inTenant(), id);
  }
}
