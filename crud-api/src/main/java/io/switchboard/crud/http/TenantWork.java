package io.switchboard.crud.http;

import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.tenant.Tenants;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Runs the reads and writes of one request in a transaction of the caller's tenant, with SQL errors
 * translated to typed failures; writes also create the tenant row and honour idempotency keys.
 */
public final class TenantWork {

  private final TenantTransactions transactions;

  public TenantWork(TenantTransactions transactions) {
    this.transactions = transactions;
  }

  /** Runs {@code work} as the caller's tenant. */
  public <T> Future<T> read(Caller caller, Function<SqlConnection, Future<T>> work) {
    return transactions
        .inTenant(caller.tenantId(), work)
        .recover(failure -> Future.failedFuture(SqlErrors.translate(failure)));
  }

  /** Runs the write {@code work} as the caller's tenant, once per idempotency key. */
  public Future<ApiResponse> write(
      Caller caller,
      String idempotencyKey,
      String requestHash,
      Function<SqlConnection, Future<ApiResponse>> work) {
    return read(
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
    return read(
        caller, tx -> Tenants.ensure(tx, caller.tenantId()).compose(ready -> work.apply(tx)));
  }
}
