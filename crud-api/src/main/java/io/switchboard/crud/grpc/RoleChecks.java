package io.switchboard.crud.grpc;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;

/** The role rules of the REST routes, for the gRPC services that mirror them. */
final class RoleChecks {

  /** Everyone of the tenant, customers included. */
  static final RoleCheck EVERYONE =
      RoleCheck.requireAny(Role.CUSTOMER, Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);

  /** The tenant's staff and its services. */
  static final RoleCheck STAFF =
      RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);

  /** Those who manage shared content. */
  static final RoleCheck EDITORS = RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN);

  /** Administrators only. */
  static final RoleCheck ADMINS = RoleCheck.requireAny(Role.ADMIN);

  private RoleChecks() {}
}
