package io.switchboard.crud.inbox;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.conversation.Scope;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creates and reads inboxes inside a tenant transaction. */
public final class InboxStore {

  /** Creates an inbox, with its audit entry and outbox event. */
  public Future<Inbox> create(SqlConnection tx, Caller caller, InboxRoutes.NewInbox created) {
    return tx.preparedQuery(InboxSql.INSERT)
        .execute(
            Tuple.of(caller.tenantId(), created.name(), created.channel(), created.botEnabled()))
        .map(rows -> Inbox.of(rows.iterator().next()))
        .compose(
            inbox ->
                ChangeLog.record(
                        tx,
                        caller,
                        "create",
                        "inbox",
                        inbox.id().toString(),
                        "inbox.created",
                        inbox.toJson())
                    .map(appended -> inbox));
  }

  /**
   * Changes the inbox if it is still at {@code expectedVersion}, else {@link
   * io.switchboard.platform.error.PreconditionFailed}; emits {@code inbox.updated}.
   */
  public Future<Inbox> update(
      SqlConnection tx,
      Caller caller,
      UUID id,
      long expectedVersion,
      InboxRoutes.InboxChange change) {
    return tx.preparedQuery(InboxSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no inbox " + id))
                    : Future.succeededFuture(Inbox.of(rows.iterator().next())))
        .compose(
            current ->
                current.version() != expectedVersion
                    ? Future.failedFuture(
                        StoreRows.stale("inbox", current.version(), expectedVersion))
                    : tx.preparedQuery(InboxSql.UPDATE)
                        .execute(
                            Tuple.of(
                                id,
                                expectedVersion,
                                change.name() == null ? current.name() : change.name(),
                                change.botEnabled() == null
                                    ? current.botEnabled()
                                    : change.botEnabled()))
                        .map(rows -> Inbox.of(rows.iterator().next())))
        .compose(
            inbox ->
                ChangeLog.record(
                        tx,
                        caller,
                        "update",
                        "inbox",
                        inbox.id().toString(),
                        "inbox.updated",
                        inbox.toJson())
                    .map(appended -> inbox));
  }

  /**
   * The inbox {@code id} if {@code caller} may follow its conversations (supervisors and admins
   * any, agents their own), else {@link NotFound}.
   */
  public Future<Inbox> findFollowed(Statements statements, Caller caller, UUID id) {
    return statements
        .execute(InboxSql.FIND_FOLLOWED, Tuple.of(Scope.of(caller).sqlName(), caller.userId(), id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no inbox " + id))
                    : Future.succeededFuture(Inbox.of(rows.iterator().next())));
  }

  /** Every inbox {@code caller} may follow (supervisors and admins all, agents their own). */
  public Future<List<Inbox>> followed(SqlConnection tx, Caller caller) {
    return tx.preparedQuery(InboxSql.FOLLOWED)
        .execute(Tuple.of(Scope.of(caller).sqlName(), caller.userId()))
        .map(
            rows -> {
              List<Inbox> inboxes = new ArrayList<>();
              rows.forEach(row -> inboxes.add(Inbox.of(row)));
              return inboxes;
            });
  }

  /** The inbox {@code id}, or {@link NotFound}. */
  public Future<Inbox> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<Inbox> find(Statements statements, UUID id) {
    return statements
        .execute(InboxSql.FIND, Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no inbox " + id))
                    : Future.succeededFuture(Inbox.of(rows.iterator().next())));
  }
}
