package io.switchboard.crud.ticket;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.crud.ticket.TicketInputs.Change;
import io.switchboard.crud.ticket.TicketInputs.ListQuery;
import io.switchboard.crud.ticket.TicketInputs.NewTicket;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
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
    return conversationCheck(tx, created.conversationId())
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
    return tx.preparedQuery(TicketSql.FIND).execute(Tuple.of(id)).compose(rows -> single(rows, id));
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
    JsonObject detail = new JsonObject().put("id", id.toString());
    return tx.preparedQuery(TicketSql.DELETE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.failedFuture(notFound(id))
                    : ChangeLog.record(
                        tx, caller, "delete", ENTITY, id.toString(), "ticket.deleted", detail))
        .mapEmpty();
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

  private static Future<Void> conversationCheck(SqlConnection tx, UUID conversationId) {
    if (conversationId == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(TicketSql.CONVERSATION_EXISTS)
        .execute(Tuple.of(conversationId))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Invalid.field(
                            "conversation_id", "refers to nothing that exists in this tenant")));
  }

  private static Page page(RowSet<Row> rows, int limit) {
    List<Ticket> items = new ArrayList<>();
    rows.forEach(row -> items.add(Ticket.of(row)));
    if (items.size() <= limit) {
      return new Page(items, null);
    }
    List<Ticket> shown = items.subList(0, limit);
    Ticket last = shown.get(limit - 1);
    return new Page(List.copyOf(shown), new Cursor(last.updatedAt(), last.id()));
  }

  private Future<Ticket> applied(
      SqlConnection tx, Ticket current, long expectedVersion, Change change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(
          new PreconditionFailed(
              "the ticket is at version "
                  + current.version()
                  + ", not "
                  + expectedVersion
                  + "; read it again and reapply the change"));
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
    return rows.size() == 0
        ? Future.failedFuture(notFound(id))
        : Future.succeededFuture(Ticket.of(rows.iterator().next()));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no ticket " + id);
  }
}
