package io.switchboard.crud.canned;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.canned.CannedResponseInputs.Fields;
import io.switchboard.crud.canned.CannedResponseInputs.ListQuery;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes canned responses inside a tenant transaction; every write records an audit entry
 * and an outbox event in the same transaction.
 */
public final class CannedResponseStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "canned_response";

  /**
   * One page of a list.
   *
   * @param items the canned responses, oldest change first
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<CannedResponse> items, Cursor next) implements Paged<CannedResponse> {}

  /** Creates a canned response; a short code already in use is a conflict. */
  public Future<CannedResponse> create(SqlConnection tx, Caller caller, Fields created) {
    return tx.preparedQuery(CannedResponseSql.INSERT)
        .execute(Tuple.of(caller.tenantId(), created.shortCode(), created.content()))
        .map(rows -> CannedResponse.of(rows.iterator().next()))
        .compose(canned -> recorded(tx, caller, "create", "canned_response.created", canned));
  }

  /** The canned response {@code id}, or {@link NotFound}. */
  public Future<CannedResponse> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<CannedResponse> find(Statements statements, UUID id) {
    return statements
        .execute(CannedResponseSql.FIND, Tuple.of(id))
        .compose(rows -> single(rows, id));
  }

  /**
   * Applies {@code change} if the canned response is still at {@code expectedVersion}, else fails
   * with {@link PreconditionFailed}.
   */
  public Future<CannedResponse> update(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, Fields change) {
    return tx.preparedQuery(CannedResponseSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(current -> applied(tx, current, expectedVersion, change))
        .compose(updated -> recorded(tx, caller, "update", "canned_response.updated", updated));
  }

  /** Deletes the canned response. */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(CannedResponseSql.DELETE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                ChangeLog.deleted(
                    tx, caller, rows, ENTITY, id, "canned_response.deleted", () -> notFound(id)));
  }

  /** One page of the tenant's canned responses. */
  public Future<Page> list(SqlConnection tx, ListQuery query) {
    Cursor after = query.after();
    return tx.preparedQuery(CannedResponseSql.LIST)
        .execute(
            Tuple.of(
                query.prefix(),
                after == null ? null : after.updatedAt(),
                after == null ? null : after.id(),
                query.limit() + 1))
        .map(rows -> page(rows, query.limit()));
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows,
        limit,
        CannedResponse::of,
        last -> new Cursor(last.updatedAt(), last.id()),
        Page::new);
  }

  private Future<CannedResponse> applied(
      SqlConnection tx, CannedResponse current, long expectedVersion, Fields change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(
          StoreRows.stale("canned response", current.version(), expectedVersion));
    }
    return tx.preparedQuery(CannedResponseSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.shortCode() != null ? change.shortCode() : current.shortCode(),
                change.content() != null ? change.content() : current.content()))
        .map(rows -> CannedResponse.of(rows.iterator().next()));
  }

  private Future<CannedResponse> recorded(
      SqlConnection tx, Caller caller, String action, String event, CannedResponse canned) {
    JsonObject json = canned.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, canned.id().toString(), event, json)
        .map(appended -> canned);
  }

  private static Future<CannedResponse> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, CannedResponse::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no canned response " + id);
  }
}
