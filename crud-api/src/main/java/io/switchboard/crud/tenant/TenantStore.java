package io.switchboard.crud.tenant;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Reads and changes the caller's tenant inside a tenant transaction. */
public final class TenantStore {

  // Null where this store changes nothing.
  private final ModuleSwitches switches;

  /** A store that only reads. */
  public TenantStore() {
    this(null);
  }

  /** A store whose changes make the node's {@code switches} forget the tenant's modules. */
  public TenantStore(ModuleSwitches switches) {
    this.switches = switches;
  }

  /**
   * A change of the tenant; null fields stay as they are.
   *
   * @param name new display name, or null
   * @param settings new settings, replacing the old ones whole, or null
   * @param modules new set of modules, or null
   */
  public record Change(String name, JsonObject settings, List<String> modules) {}

  /** The caller's tenant, or the defaults of one whose row does not exist yet. */
  public Future<Tenant> find(SqlConnection tx, String tenantId) {
    return tx.preparedQuery(TenantSql.FIND)
        .execute(Tuple.of(tenantId))
        .map(
            rows ->
                rows.size() == 0 ? Tenant.unsaved(tenantId) : Tenant.of(rows.iterator().next()));
  }

  /**
   * Applies {@code change} if the tenant is still at {@code expectedVersion}, else fails with
   * {@link PreconditionFailed}; the row must exist, as {@code TenantWork.write} makes sure.
   */
  public Future<Tenant> update(
      SqlConnection tx, Caller caller, long expectedVersion, Change change) {
    return tx.preparedQuery(TenantSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(caller.tenantId()))
        .map(rows -> Tenant.of(rows.iterator().next()))
        .compose(current -> applied(tx, current, expectedVersion, change))
        .compose(updated -> recorded(tx, caller, updated))
        // Before the commit, so that this node's next transaction of the tenant, which may be the
        // client's next request, reads the modules again; the change's event, after the commit,
        // makes every node forget them, this one again too.
        .onSuccess(updated -> forgetModules(updated.id()));
  }

  private void forgetModules(String tenantId) {
    if (switches != null) {
      switches.forget(tenantId);
    }
  }

  private Future<Tenant> applied(
      SqlConnection tx, Tenant current, long expectedVersion, Change change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(StoreRows.stale("tenant", current.version(), expectedVersion));
    }
    return tx.preparedQuery(TenantSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.name() != null ? change.name() : current.name(),
                change.settings() != null ? change.settings() : current.settings(),
                (change.modules() != null ? change.modules() : current.modules())
                    .toArray(String[]::new)))
        .map(rows -> Tenant.of(rows.iterator().next()));
  }

  private Future<Tenant> recorded(SqlConnection tx, Caller caller, Tenant tenant) {
    JsonObject json = tenant.toJson();
    return ChangeLog.record(tx, caller, "update", "tenant", tenant.id(), "tenant.updated", json)
        .map(appended -> tenant);
  }
}
