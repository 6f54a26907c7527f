package dev.devflow.gateway.account;

import dev.devflow.common.auth.Role;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.gateway.auth.ApiKeySecret;
import dev.devflow.gateway.auth.ControlNotices;
import dev.devflow.gateway.auth.GatewayCaller;
import dev.devflow.gateway.db.ControlDatabase;
import dev.devflow.gateway.plan.Plans;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Users and API keys of the caller's tenant. Every query runs with row-level security set to the
 * caller's tenant, so another tenant's ids are simply not found.
 */
@ApplicationScoped
public class Accounts {

  /** A new key and its secret, shown this once. */
  public record NewKey(ApiKey key, String secret) {}

  /** A new user with a first key, whose secret is shown this once. */
  public record NewMember(User user, ApiKey key, String secret) {}

  private final ControlDatabase db;
  private final AccountRepository repository;
  private final Plans plans;
  private final ControlNotices notices;

  @Inject
  public Accounts(
      ControlDatabase db, AccountRepository repository, Plans plans, ControlNotices notices) {
    this.db = db;
    this.repository = repository;
    this.plans = plans;
    this.notices = notices;
  }

  public List<User> listUsers(GatewayCaller caller) {
    return db.inTenant(caller.tenantId(), repository::listUsers);
  }

  public NewMember createUser(GatewayCaller caller, String email, Role role) {
    requireAdmin(caller);
    Integer max = plans.find(caller.plan()).map(Plans.Plan::maxUsers).orElse(null);
    return db.inTenant(
        caller.tenantId(),
        c -> {
          if (repository.findUserByEmail(c, email).isPresent()) {
            throw new ProblemException(
                ProblemType.CONFLICT, "A user with this email already exists.", "email");
          }
          if (max != null && repository.countUsers(c) >= max) {
            throw new ProblemException(
                ProblemType.QUOTA_EXCEEDED,
                "The '" + caller.plan() + "' plan allows " + max + " user(s).");
          }
          User user = repository.insertUser(c, caller.tenantId(), email, role.claim());
          ApiKeySecret secret = ApiKeySecret.generate();
          ApiKey key =
              repository.insertKey(
                  c, caller.tenantId(), user.id(), "first key", secret, null, List.of());
          return new NewMember(user, key, secret.value());
        });
  }

  public void deleteUser(GatewayCaller caller, UUID id) {
    requireAdmin(caller);
    boolean deleted = db.inTenant(caller.tenantId(), c -> repository.deleteUser(c, id));
    if (!deleted) {
      throw ProblemException.notFound("There is no user " + id + ".");
    }
    notices.tenantChanged(caller.tenantId());
  }

  public List<ApiKey> listKeys(GatewayCaller caller) {
    UUID only = caller.role() == Role.ADMIN ? null : requireUser(caller);
    return db.inTenant(caller.tenantId(), c -> repository.listKeys(c, only));
  }

  public NewKey createKey(
      GatewayCaller caller, String name, Integer expiresInDays, List<String> scopes) {
    UUID user = requireUser(caller);
    Instant expires =
        expiresInDays == null ? null : Instant.now().plus(expiresInDays, ChronoUnit.DAYS);
    ApiKeySecret secret = ApiKeySecret.generate();
    ApiKey key =
        db.inTenant(
            caller.tenantId(),
            c -> repository.insertKey(c, caller.tenantId(), user, name, secret, expires, scopes));
    return new NewKey(key, secret.value());
  }

  public ApiKey revokeKey(GatewayCaller caller, UUID id) {
    ApiKey revoked =
        db.inTenant(
            caller.tenantId(),
            c -> {
              ApiKey key =
                  repository
                      .findKey(c, id)
                      .filter(
                          k -> caller.role() == Role.ADMIN || k.userId().equals(caller.userId()))
                      .orElseThrow(() -> ProblemException.notFound("There is no key " + id + "."));
              repository.revokeKey(c, id);
              return repository.findKey(c, key.id()).orElseThrow();
            });
    notices.keyChanged(id);
    return revoked;
  }

  private static void requireAdmin(GatewayCaller caller) {
    if (caller.role() != Role.ADMIN) {
      throw new ProblemException(ProblemType.FORBIDDEN, "Only a tenant admin may do this.");
    }
  }

  private static UUID requireUser(GatewayCaller caller) {
    if (caller.userId() == null) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Local mode has no users or API keys: it answers this machine without a login.");
    }
    return caller.userId();
  }
}
