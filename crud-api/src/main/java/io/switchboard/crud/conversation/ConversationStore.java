package io.switchboard.crud.conversation;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.conversation.ConversationInputs.Change;
import io.switchboard.crud.conversation.ConversationInputs.ListQuery;
import io.switchboard.crud.conversation.ConversationInputs.NewConversation;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes conversations inside a tenant transaction, seeing only what the caller's {@link
 * Scope} allows; every write records an audit entry and an outbox event in the same transaction.
 */
public final class ConversationStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "conversation";

  /**
   * One page of a list.
   *
   * @param items the conversations, in the requested order
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<Conversation> items, Cursor next) implements Paged<Conversation> {}

  /** Creates a conversation; a customer may only open one for their own contact. */
  public Future<Conversation> create(SqlConnection tx, Caller caller, NewConversation created) {
    return ownContactCheck(tx, caller, created.contactId())
        .compose(
            checked ->
                tx.preparedQuery(ConversationSql.INSERT)
                    .execute(
                        Tuple.of(
                            caller.tenantId(),
                            created.inboxId(),
                            created.contactId(),
                            created.channel(),
                            created.priority(),
                            created.labels().toArray(String[]::new))))
        .map(rows -> Conversation.of(rows.iterator().next()))
        .compose(
            conversation -> recorded(tx, caller, "create", "conversation.opened", conversation));
  }

  /** The conversation {@code id} if the caller may see it, else {@link NotFound}. */
  public Future<Conversation> find(SqlConnection tx, Caller caller, UUID id) {
    return find(Statements.of(tx), caller, id);
  }

  /** As {@link #find(SqlConnection, Caller, UUID)}, one statement sent with {@code statements}. */
  public Future<Conversation> find(Statements statements, Caller caller, UUID id) {
    return statements
        .execute(ConversationSql.FIND.get(Scope.of(caller)), visible(caller).addValue(id))
        .compose(rows -> single(rows, id));
  }

  /**
   * Applies {@code change} if the conversation is still at {@code expectedVersion}, else fails with
   * {@link PreconditionFailed}.
   */
  public Future<Conversation> update(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, Change change) {
    return tx.preparedQuery(ConversationSql.FIND_FOR_UPDATE.get(Scope.of(caller)))
        .execute(visible(caller).addValue(id))
        .compose(rows -> single(rows, id))
        .compose(current -> applied(tx, current, expectedVersion, change, null, false))
        .compose(updated -> recorded(tx, caller, "update", "conversation.updated", updated));
  }

  /**
   * Applies a trusted role's change to the conversation's current version (the AI agent's tools and
   * hand-off): {@code addLabels} join its labels, {@code inboxId} (null keeps it) moves it, and
   * {@code handoff} marks it as handed to humans, once.
   */
  public Future<Conversation> updateCurrent(
      SqlConnection tx,
      Caller caller,
      UUID id,
      Change change,
      List<String> addLabels,
      UUID inboxId,
      boolean handoff) {
    return tx.preparedQuery(ConversationSql.FIND_FOR_UPDATE.get(Scope.of(caller)))
        .execute(visible(caller).addValue(id))
        .compose(rows -> single(rows, id))
        .compose(
            current -> {
              LinkedHashSet<String> labels = new LinkedHashSet<>(current.labels());
              labels.addAll(addLabels);
              if (labels.size() > ConversationInputs.MAX_LABELS) {
                return Future.failedFuture(
                    Invalid.field(
                        "add_labels",
                        "would give more than " + ConversationInputs.MAX_LABELS + " labels"));
              }
              Change merged =
                  new Change(
                      change.status(),
                      change.setPriority(),
                      change.priority(),
                      List.copyOf(labels),
                      change.setAssignee(),
                      change.assigneeId(),
                      change.setTeam(),
                      change.teamId());
              return applied(tx, current, current.version(), merged, inboxId, handoff);
            })
        .compose(updated -> recorded(tx, caller, "update", "conversation.updated", updated));
  }

  /**
   * Staff have read the conversation up to {@code offset}: its unread count drops, and the inbox's
   * other agents are told ({@code conversation.read}). A mark at or behind the current one changes
   * nothing and tells nobody.
   */
  public Future<Conversation> markRead(SqlConnection tx, Caller caller, UUID id, long offset) {
    return tx.preparedQuery(ConversationSql.READ.get(Scope.of(caller)))
        .execute(visible(caller).addValue(id).addValue(offset))
        .compose(
            rows ->
                rows.size() == 0
                    ? find(tx, caller, id)
                    : recorded(
                        tx,
                        caller,
                        "read",
                        "conversation.read",
                        Conversation.of(rows.iterator().next())));
  }

  /**
   * Deletes the conversation and its messages; the event names the inbox, so that its agents' lists
   * drop it.
   */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(ConversationSql.DELETE.get(Scope.of(caller)))
        .execute(visible(caller).addValue(id))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.failedFuture(notFound(id))
                    : ChangeLog.record(
                        tx,
                        caller,
                        "delete",
                        ENTITY,
                        id.toString(),
                        "conversation.deleted",
                        new JsonObject()
                            .put("id", id.toString())
                            .put(
                                "inbox_id",
                                rows.iterator().next().getUUID("inbox_id").toString())));
  }

  /** One page of the conversations the caller may see. */
  public Future<Page> list(SqlConnection tx, Caller caller, ListQuery query) {
    Cursor after = query.after();
    Tuple params =
        visible(caller)
            .addValue(query.status())
            .addValue(query.assigneeId())
            .addValue(query.inboxId())
            .addValue(query.label())
            .addValue(query.updatedSince())
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    String sql =
        (query.descending() ? ConversationSql.LIST_DESCENDING : ConversationSql.LIST_ASCENDING)
            .get(Scope.of(caller));
    return tx.preparedQuery(sql).execute(params).map(rows -> page(rows, query.limit()));
  }

  /**
   * Succeeds when {@code conversationId} is null or names a conversation of the tenant, else fails
   * with {@link Invalid} on {@code conversation_id}; calls and tickets check their link with it.
   */
  public static Future<Void> linkable(SqlConnection tx, UUID conversationId) {
    if (conversationId == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ConversationSql.EXISTS)
        .execute(Tuple.of(conversationId))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Invalid.field(
                            "conversation_id", "refers to nothing that exists in this tenant")));
  }

  /** The caller's scope and subject, the first two parameters of every visible-only query. */
  public static Tuple visible(Caller caller) {
    return Tuple.of(Scope.of(caller).sqlName(), caller.userId());
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows, limit, Conversation::of, last -> new Cursor(last.updatedAt(), last.id()), Page::new);
  }

  private Future<Void> ownContactCheck(SqlConnection tx, Caller caller, UUID contactId) {
    if (Scope.of(caller) != Scope.OWN_CONTACT) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ConversationSql.CONTACT_OF_CUSTOMER)
        .execute(Tuple.of(contactId, caller.userId()))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Invalid.field("contact_id", "is not the contact of the caller")));
  }

  private Future<Conversation> applied(
      SqlConnection tx,
      Conversation current,
      long expectedVersion,
      Change change,
      UUID inboxId,
      boolean handoff) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(
          StoreRows.stale("conversation", current.version(), expectedVersion));
    }
    return tx.preparedQuery(ConversationSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.status() != null ? change.status() : current.status(),
                change.setPriority() ? change.priority() : current.priority(),
                (change.labels() != null ? change.labels() : current.labels())
                    .toArray(String[]::new),
                change.setAssignee() ? change.assigneeId() : current.assigneeId(),
                change.setTeam() ? change.teamId() : current.teamId(),
                inboxId != null ? inboxId : current.inboxId(),
                handoff))
        .map(rows -> Conversation.of(rows.iterator().next()));
  }

  private Future<Conversation> recorded(
      SqlConnection tx, Caller caller, String action, String event, Conversation conversation) {
    JsonObject json = conversation.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, conversation.id().toString(), event, json)
        .map(appended -> conversation);
  }

  private static Future<Conversation> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, Conversation::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no conversation " + id);
  }
}
