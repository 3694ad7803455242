package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * A read that travels in the message opening a tenant transaction, right behind entering the
 * tenant, and may refuse the transaction's work: whether the tenant has a module switched on, for
 * one. It costs no statement of its own on the wire.
 */
public interface OpeningCheck {

  /**
   * The check's statement for {@code tenantKey}, its values written in: the opening message is a
   * simple query, which takes no parameters. {@link TenantTransactions} hands over only keys that
   * are lowercase slugs, which need no escaping between single quotes.
   */
  String sql(String tenantKey);

  /** Succeeds when {@code rows} let the work run, else fails with the refusal. */
  Future<Void> verdict(RowSet<Row> rows);

  /**
   * This check as one transaction of {@code tenantKey} puts it: itself, asked in the opening, by
   * default; null when the verdict is known to let the work run, so the opening asks nothing; a
   * check of its own for a verdict worth remembering. Throws the refusal when that is known.
   */
  default OpeningCheck forTransaction(String tenantKey) {
    return this;
  }
}
