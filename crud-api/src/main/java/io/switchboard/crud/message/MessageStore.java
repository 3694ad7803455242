package io.switchboard.crud.message;

import io.switchboard.crud.audit.AuditLog;
import io.switchboard.crud.conversation.ConversationSql;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.conversation.Scope;
import io.switchboard.crud.outbox.OutboxWriter;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends and lists the messages of conversations the caller may see. Offsets are taken from the
 * conversation row while it is locked, so they are gap-free and never shared; a repeated {@code
 * client_message_id} from the same author returns the message stored the first time.
 */
public final class MessageStore {

  /**
   * A message to append.
   *
   * @param body the text
   * @param isPrivate an internal note
   * @param clientMessageId the sender's id for idempotent sends, or null
   */
  public record NewMessage(String body, boolean isPrivate, String clientMessageId) {}

  /**
   * The outcome of an append.
   *
   * @param message the stored message
   * @param created false when an earlier send with the same client_message_id stored it
   */
  public record Appended(Message message, boolean created) {}

  /** Appends {@code message} to conversation {@code conversationId}. */
  public Future<Appended> append(
      SqlConnection tx, Caller caller, UUID conversationId, NewMessage message) {
    if (message.isPrivate() && Scope.of(caller) == Scope.OWN_CONTACT) {
      return Future.failedFuture(new Forbidden("customers cannot write private notes"));
    }
    return tx.preparedQuery(MessageSql.LOCK_CONVERSATION)
        .execute(ConversationStore.visible(caller).addValue(conversationId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no conversation " + conversationId))
                    : earlierSend(tx, caller, conversationId, message))
        .compose(
            earlier ->
                earlier != null
                    ? Future.succeededFuture(new Appended(earlier, false))
                    : stored(tx, caller, conversationId, message));
  }

  /** Messages after {@code afterOffset}, oldest first; private notes only for staff. */
  public Future<List<Message>> list(
      SqlConnection tx, Caller caller, UUID conversationId, long afterOffset, int limit) {
    return page(tx, caller, conversationId, MessageSql.LIST, afterOffset, limit);
  }

  /**
   * Messages before {@code beforeOffset} (exclusive; {@link Long#MAX_VALUE} for the newest), newest
   * first; private notes only for staff.
   */
  public Future<List<Message>> listBefore(
      SqlConnection tx, Caller caller, UUID conversationId, long beforeOffset, int limit) {
    return page(tx, caller, conversationId, MessageSql.LIST_BEFORE, beforeOffset, limit);
  }

  private Future<List<Message>> page(
      SqlConnection tx, Caller caller, UUID conversationId, String sql, long offset, int limit) {
    boolean staff = Scope.of(caller) != Scope.OWN_CONTACT;
    return new ConversationStore()
        .find(tx, caller, conversationId)
        .compose(
            visible ->
                tx.preparedQuery(sql).execute(Tuple.of(conversationId, offset, staff, limit)))
        .map(
            rows -> {
              List<Message> messages = new ArrayList<>();
              rows.forEach(row -> messages.add(Message.of(row)));
              return messages;
            });
  }

  /** Who wrote a message, by the author's role. */
  static String authorKind(Caller caller) {
    if (caller.has(Role.AGENT) || caller.has(Role.SUPERVISOR) || caller.has(Role.ADMIN)) {
      return "agent";
    }
    return caller.has(Role.SERVICE) ? "bot" : "contact";
  }

  private Future<Message> earlierSend(
      SqlConnection tx, Caller caller, UUID conversationId, NewMessage message) {
    if (message.clientMessageId() == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(MessageSql.FIND_BY_CLIENT_ID)
        .execute(Tuple.of(conversationId, message.clientMessageId(), caller.userId()))
        .map(rows -> rows.size() == 0 ? null : Message.of(rows.iterator().next()));
  }

  private Future<Appended> stored(
      SqlConnection tx, Caller caller, UUID conversationId, NewMessage message) {
    String author = authorKind(caller);
    return tx.preparedQuery(ConversationSql.NEXT_OFFSET)
        .execute(Tuple.of(conversationId, author, message.isPrivate(), message.body()))
        .compose(
            rows -> {
              Row moved = rows.iterator().next();
              return tx.preparedQuery(MessageSql.INSERT)
                  .execute(
                      Tuple.of(
                          caller.tenantId(),
                          conversationId,
                          moved.getLong("last_offset"),
                          author,
                          caller.userId(),
                          message.body(),
                          message.isPrivate(),
                          message.clientMessageId()))
                  .map(inserted -> Message.of(inserted.iterator().next()))
                  .compose(stored -> recorded(tx, caller, stored, moved.getUUID("inbox_id")));
            });
  }

  /**
   * The audit entry and the {@code message.created} event, whose payload also names the inbox so
   * that the hub can tell the inbox's agents without reading the conversation again.
   */
  private Future<Appended> recorded(SqlConnection tx, Caller caller, Message stored, UUID inbox) {
    return AuditLog.record(
            tx,
            caller.tenantId(),
            caller.userId(),
            "create",
            "message",
            stored.id().toString(),
            stored.toJson())
        .compose(
            audited ->
                OutboxWriter.append(
                    tx,
                    caller.tenantId(),
                    "message.created",
                    stored.conversationId().toString(),
                    caller.userId(),
                    stored.toJson().put("inbox_id", inbox.toString())))
        .map(appended -> new Appended(stored, true));
  }
}
