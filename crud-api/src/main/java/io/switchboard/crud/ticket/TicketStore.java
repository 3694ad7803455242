package io.switchboard.crud.ticket;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.crud.ticket.TicketInputs.Change;
import io.switchboard.crud.ticket.TicketInputs.ListQuery;
import io.switchboard.crud.ticket.TicketInputs.NewTicket;
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
 * Reads and writes tickets inside a tenant transaction; every write records an audit entry and an
 * outbox event in the same transaction.
 */
public final class TicketStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "ticket";

  /**
   * One page of a list.
   *
   * @param items the tickets, in the requested order
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<Ticket> items, Cursor next) implements Paged<Ticket> {}

  /** Creates a ticket; assignee and conversation must be of the caller's tenant. */
  public Future<Ticket> create(SqlConnection tx, Caller caller, NewTicket created) {
    return ConversationStore.linkable(tx, created.conversationId())
        .compose(
            checked ->
                tx.preparedQuery(TicketSql.INSERT)
                    .execute(
                        Tuple.of(
                            caller.tenantId(),
                            created.subject(),
                            created.priority(),
                            created.slaDueAt(),
                            created.assigneeId(),
                            created.conversationId())))
        .map(rows -> Ticket.of(rows.iterator().next()))
        .compose(ticket -> recorded(tx, caller, "create", "ticket.created", ticket));
  }

  /** The ticket {@code id}, or {@link NotFound}. */
  public Future<Ticket> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<Ticket> find(Statements statements, UUID id) {
    return statements.execute(TicketSql.FIND, Tuple.of(id)).compose(rows -> single(rows, id));
  }

  /**
   * Applies {@code change} if the ticket is still at {@code expectedVersion}, else fails with
   * {@link PreconditionFailed}.
   */
  public Future<Ticket> update(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, Change change) {
    return tx.preparedQuery(TicketSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(current -> applied(tx, current, expectedVersion, change))
        .compose(updated -> recorded(tx, caller, "update", "ticket.updated", updated));
  }

  /** Deletes the ticket. */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(TicketSql.DELETE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                ChangeLog.deleted(
                    tx, caller, rows, ENTITY, id, "ticket.deleted", () -> notFound(id)));
  }

  /** One page of the tenant's tickets. */
  public Future<Page> list(SqlConnection tx, ListQuery query) {
    Cursor after = query.after();
    Tuple params =
        Tuple.tuple()
            .addValue(query.status())
            .addValue(query.assigneeId())
            .addValue(query.priority())
            .addValue(query.overdue())
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    String sql = query.descending() ? TicketSql.LIST_DESCENDING : TicketSql.LIST_ASCENDING;
    return tx.preparedQuery(sql).execute(params).map(rows -> page(rows, query.limit()));
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows, limit, Ticket::of, last -> new Cursor(last.updatedAt(), last.id()), Page::new);
  }

  private Future<Ticket> applied(
      SqlConnection tx, Ticket current, long expectedVersion, Change change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(StoreRows.stale("ticket", current.version(), expectedVersion));
    }
    return tx.preparedQuery(TicketSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.status() != null ? change.status() : current.status(),
                change.priority() != null ? change.priority() : current.priority(),
                change.setSlaDueAt() ? change.slaDueAt() : current.slaDueAt(),
                change.setAssignee() ? change.assigneeId() : current.assigneeId()))
        .map(rows -> Ticket.of(rows.iterator().next()));
  }

  private Future<Ticket> recorded(
      SqlConnection tx, Caller caller, String action, String event, Ticket ticket) {
    JsonObject json = ticket.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, ticket.id().toString(), event, json)
        .map(appended -> ticket);
  }

  private static Future<Ticket> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, Ticket::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no ticket " + id);
  }
}
