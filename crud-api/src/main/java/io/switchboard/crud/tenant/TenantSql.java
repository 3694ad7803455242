package io.switchboard.crud.tenant;

/** Every statement of the tenant feature; row-level security shows a tenant only its own row. */
final class TenantSql {

  static final String COLUMNS = "id, name, settings, modules, version";

  static final String FIND = "SELECT " + COLUMNS + " FROM tenants WHERE id = $1";

  static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  static final String UPDATE =
      "UPDATE tenants SET name = $3, settings = $4, modules = $5, version = version + 1,"
          + " updated_at = now() WHERE id = $1 AND version = $2 RETURNING "
          + COLUMNS;

  private TenantSql() {}
}
