package io.switchboard.crud.http;

import io.switchboard.crud.db.Commit;
import io.switchboard.crud.db.OpeningCheck;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.db.TenantTransactions.WorkStart;
import io.switchboard.crud.tenant.ModuleSwitches;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.crud.tenant.Tenants;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs the reads and writes of one request in a transaction of the caller's tenant, with SQL errors
 * translated to typed failures; writes also create the tenant row and honour idempotency keys. Work
 * of a feature that belongs to a module first checks, in the same transaction, that the tenant has
 * the module switched on.
 */
public final class TenantWork {

  private final TenantTransactions transactions;

  // Null: every check asks PostgreSQL.
  private final ModuleSwitches switches;

  // Null for work that belongs to no module, such as the tenant's own settings.
  private final OpeningCheck moduleCheck;

  /** Work whose module checks ask PostgreSQL every time. */
  public TenantWork(TenantTransactions transactions) {
    this(transactions, null, null);
  }

  /** Work whose module checks are answered from the node's {@code switches} when they know. */
  public TenantWork(TenantTransactions transactions, ModuleSwitches switches) {
    this(transactions, switches, null);
  }

  private TenantWork(
      TenantTransactions transactions, ModuleSwitches switches, OpeningCheck moduleCheck) {
    this.transactions = transactions;
    this.switches = switches;
    this.moduleCheck = moduleCheck;
  }

  /** The node's module switches this work answers from; null when it asks every time. */
  public ModuleSwitches switches() {
    return switches;
  }

  /**
   * The same work, refused with 403 {@code module-disabled} while the tenant lacks {@code module}.
   */
  public TenantWork requiring(String module) {
    return new TenantWork(
        transactions,
        switches,
        switches == null ? Modules.switchedOn(module) : switches.switchedOn(module));
  }

  /**
   * Runs the read {@code work} as the caller's tenant. The module check travels with the work's
   * first statement rather than before it (a read changes nothing, and a refused one answers only
   * the refusal), so that a read of one statement is one round trip and the commit.
   */
  public <T> Future<T> read(Caller caller, Function<SqlConnection, Future<T>> work) {
    return transactions
        .inTenant(
            caller.tenantId(), moduleCheck, WorkStart.WITH_CHECK, (tx, commit) -> work.apply(tx))
        .recover(failure -> Future.failedFuture(SqlErrors.translate(failure)));
  }

  /**
   * Runs the read {@code work}, whose statements are all sent while it runs, as the caller's tenant
   * in one round trip with the module check (see {@link TenantTransactions#readInOneTrip}): for the
   * reads clients repeat most.
   */
  public <T> Future<T> readInOneTrip(Caller caller, Function<Statements, Future<T>> work) {
    return transactions
        .readInOneTrip(caller.tenantId(), moduleCheck, work)
        .recover(failure -> Future.failedFuture(SqlErrors.translate(failure)));
  }

  /**
   * Runs {@code work} as the caller's tenant once the module check has passed: for changes, which
   * must run none of their statements when refused.
   */
  public <T> Future<T> change(Caller caller, Function<SqlConnection, Future<T>> work) {
    return change(caller, (tx, commit) -> work.apply(tx));
  }

  /**
   * As {@link #change(Caller, Function)}, for work that may send its COMMIT itself right behind its
   * last statement ({@link TenantTransactions#inTenant(String, BiFunction)}).
   */
  public <T> Future<T> change(Caller caller, BiFunction<SqlConnection, Commit, Future<T>> work) {
    return transactions
        .inTenant(caller.tenantId(), moduleCheck, WorkStart.AFTER_CHECK, work)
        .recover(failure -> Future.failedFuture(SqlErrors.translate(failure)));
  }

  /** Runs the write {@code work} as the caller's tenant, once per idempotency key. */
  public Future<ApiResponse> write(
      Caller caller,
      String idempotencyKey,
      String requestHash,
      Function<SqlConnection, Future<ApiResponse>> work) {
    return change(
        caller,
        tx ->
            Tenants.ensure(tx, caller.tenantId())
                .compose(
                    ready ->
                        Idempotency.once(
                            tx,
                            caller.tenantId(),
                            caller.userId(),
                            idempotencyKey,
                            requestHash,
                            () -> work.apply(tx))));
  }

  /** Runs the write {@code work} as the caller's tenant, with no idempotency key. */
  public <T> Future<T> write(Caller caller, Function<SqlConnection, Future<T>> work) {
    return change(
        caller, tx -> Tenants.ensure(tx, caller.tenantId()).compose(ready -> work.apply(tx)));
  }
}
