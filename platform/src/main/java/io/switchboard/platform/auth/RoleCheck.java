package io.switchboard.platform.auth;

import io.switchboard.platform.error.Forbidden;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A route handler, mounted after {@link BearerAuthHandler}, that admits callers holding at least
 * one of some roles and fails the others with {@link Forbidden} (403).
 */
public final class RoleCheck implements Handler<RoutingContext> {

  private final Set<Role> allowed;
  private final String refusal;

  private RoleCheck(Set<Role> allowed) {
    this.allowed = allowed;
    this.refusal =
        "requires one of the roles: "
            + allowed.stream().map(Role::wireName).collect(Collectors.joining(", "));
  }

  /** A check admitting callers that hold any of {@code roles}. */
  public static RoleCheck requireAny(Role first, Role... more) {
    return new RoleCheck(EnumSet.of(first, more));
  }

  /** Throws {@link Forbidden} unless {@code caller} holds one of the roles; for non-HTTP fronts. */
  public void check(Caller caller) {
    if (allowed.stream().noneMatch(caller::has)) {
      throw new Forbidden(refusal);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = BearerAuthHandler.caller(ctx);
    if (allowed.stream().anyMatch(caller::has)) {
      ctx.next();
    } else {
      ctx.fail(new Forbidden(refusal));
    }
  }
}
