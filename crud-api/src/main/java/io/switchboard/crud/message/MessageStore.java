package io.switchboard.crud.message;

import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.conversation.Scope;
import io.switchboard.crud.db.Commit;
import io.switchboard.crud.http.SqlErrors;
import io.switchboard.crud.outbox.OutboxWriter;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /**
   * One message of a batch.
   *
   * @param caller who writes it
   * @param conversationId where
   * @param message what
   */
  public record Append(Caller caller, UUID conversationId, NewMessage message) {}

  /**
   * What became of one message of a batch: appended, or refused with {@code failure} alone.
   *
   * @param appended the stored message, or null
   * @param failure why it was refused, or null
   */
  public record Outcome(Appended appended, RuntimeException failure) {
    static Outcome of(Appended appended) {
      return new Outcome(appended, null);
    }

    static Outcome refused(RuntimeException failure) {
      return new Outcome(null, failure);
    }
  }

  /** Appends {@code message} to conversation {@code conversationId}. */
  public Future<Appended> append(
      SqlConnection tx, Caller caller, UUID conversationId, NewMessage message) {
    // A batch of one: a single message and a group commit take the same statements.
    return appendAll(
            tx,
            caller.tenantId(),
            List.of(new Append(caller, conversationId, message)),
            Commit.LATER,
            Promise.promise())
        .compose(
            outcomes -> {
              Outcome outcome = outcomes.get(0);
              return outcome.failure() != null
                  ? Future.failedFuture(outcome.failure())
                  : Future.succeededFuture(outcome.appended());
            });
  }

  /**
   * Appends a batch of one tenant's messages in the transaction {@code tx} with two round trips
   * whatever its size: the first locks the conversations and, right behind the lock, takes the
   * offsets and inserts the messages with their audit entries (those whose author may not see the
   * conversation left out), and their events go with {@code commit}, so that the conversations stay
   * locked for one round trip. Holds what {@link #append} holds for each message: offsets gap-free
   * in batch order, a repeated {@code client_message_id} of the same author answered with the first
   * stored copy, and a message its author may not write, or that a constraint or row-level security
   * refuses, refused alone. Fails as a whole only when the connection or the commit does: the
   * caller then appends the messages one by one.
   *
   * @param locked completed once PostgreSQL has answered the lock, granted or not: a batch sent
   *     after that queues behind this one on the conversations they share
   */
  public Future<List<Outcome>> appendAll(
      SqlConnection tx, String tenantId, List<Append> batch, Commit commit, Promise<Void> locked) {
    Outcome[] outcomes = new Outcome[batch.size()];
    List<Integer> writable = new ArrayList<>();
    Map<Integer, Integer> repeats = new HashMap<>(); // ord -> ord of the first send
    Map<List<Object>, Integer> firsts = new HashMap<>();
    for (int ord = 0; ord < batch.size(); ord++) {
      Append append = batch.get(ord);
      if (append.message().isPrivate() && Scope.of(append.caller()) == Scope.OWN_CONTACT) {
        outcomes[ord] = Outcome.refused(new Forbidden("customers cannot write private notes"));
        continue;
      }
      // A repeat by the same author shares the first send's fate, whoever may see what. Another
      // author's is sent too: if both are written, the unique index fails the batch, and the
      // messages one by one answer the second with a conflict.
      String clientId = append.message().clientMessageId();
      Integer first =
          clientId == null
              ? null
              : firsts.putIfAbsent(
                  List.of(append.conversationId(), clientId, append.caller().userId()), ord);
      if (first != null) {
        repeats.put(ord, first);
      } else {
        writable.add(ord);
      }
    }
    if (writable.isEmpty()) {
      locked.tryComplete();
      return Future.succeededFuture(Arrays.asList(outcomes));
    }
    // Not awaited, as the lock and the append behind it: a failure shows in theirs.
    tx.query(MessageSql.INDEX_LOOKUPS).execute();
    // Not awaited: the append travels in the same write and runs once the locks are granted.
    Future<RowSet<Row>> granted =
        tx.preparedQuery(MessageSql.LOCK_BATCH).execute(Tuple.of(conversations(batch, writable)));
    granted.onComplete(answered -> locked.tryComplete());
    return written(tx, tenantId, batch, writable, outcomes, granted, commit)
        .map(
            done -> {
              for (int ord : writable) {
                if (outcomes[ord] == null) {
                  outcomes[ord] =
                      Outcome.refused(
                          new NotFound("no conversation " + batch.get(ord).conversationId()));
                }
              }
              repeats.forEach((ord, first) -> outcomes[ord] = repeated(first, outcomes));
              return Arrays.asList(outcomes);
            });
  }

  /**
   * The append behind the lock, and the events with the commit, over the messages to write. A batch
   * of several is appended inside a savepoint: when PostgreSQL refuses the statement (a constraint,
   * row-level security), the messages are appended again one by one in the same transaction, so the
   * one at fault fails alone while the locks stay held, and the batch keeps its offsets in arrival
   * order ahead of the tenant's next batch.
   */
  private Future<Void> written(
      SqlConnection tx,
      String tenantId,
      List<Append> batch,
      List<Integer> writable,
      Outcome[] outcomes,
      Future<RowSet<Row>> locked,
      Commit commit) {
    boolean several = writable.size() > 1;
    if (several) {
      // Not awaited: it travels with the lock and the append, and a failure shows in the append.
      tx.query(MessageSql.SAVEPOINT).execute();
    }
    Future<RowSet<Row>> appended =
        tx.preparedQuery(MessageSql.APPEND_BATCH)
            .execute(appendParameters(tenantId, batch, writable));
    return locked
        .compose(granted -> appended)
        .<List<Row>>map(MessageStore::rows)
        .recover(
            failure ->
                several && refusal(failure) != null
                    ? oneByOne(tx, tenantId, batch, writable, outcomes)
                    : Future.failedFuture(failure))
        .compose(
            rows -> {
              List<OutboxWriter.Event> events = new ArrayList<>();
              for (Row row : rows) {
                int ord = row.getInteger("ord");
                Message message = Message.of(row);
                Caller caller = batch.get(ord).caller();
                if (!row.getBoolean("created")) {
                  outcomes[ord] =
                      Objects.equals(message.authorId(), caller.userId())
                          ? Outcome.of(new Appended(message, false))
                          : Outcome.refused(new Conflict("already exists: client_message_id"));
                  continue;
                }
                outcomes[ord] = Outcome.of(new Appended(message, true));
                events.add(
                    new OutboxWriter.Event(
                        message.conversationId().toString(),
                        caller.userId(),
                        message.toJson().put("inbox_id", row.getUUID("inbox_id").toString())));
              }
              // The events, then the COMMIT right behind them: one round trip, not two.
              Future<Void> stored =
                  events.isEmpty()
                      ? Future.succeededFuture()
                      : OutboxWriter.appendAll(tx, tenantId, "message.created", events);
              return Future.all(stored, commit.now()).mapEmpty();
            });
  }

  /**
   * After the batch's statement was refused: back to the savepoint, then each message alone, in
   * order, the savepoint moved past every one written and rolled back to after every one refused.
   */
  private static Future<List<Row>> oneByOne(
      SqlConnection tx,
      String tenantId,
      List<Append> batch,
      List<Integer> writable,
      Outcome[] outcomes) {
    List<Row> rows = new ArrayList<>();
    Future<Void> done = tx.query(MessageSql.ROLLBACK_TO_SAVEPOINT).execute().mapEmpty();
    for (int ord : writable) {
      done =
          done.compose(
              previous ->
                  tx.preparedQuery(MessageSql.APPEND_BATCH)
                      .execute(appendParameters(tenantId, batch, List.of(ord)))
                      .compose(
                          one -> {
                            rows.addAll(rows(one));
                            return tx.query(MessageSql.SAVEPOINT_PAST).execute();
                          })
                      .recover(
                          failure -> {
                            PgException refusal = refusal(failure);
                            if (refusal == null) {
                              return Future.failedFuture(failure);
                            }
                            outcomes[ord] = Outcome.refused(typed(refusal));
                            return tx.query(MessageSql.ROLLBACK_TO_SAVEPOINT).execute();
                          })
                      .mapEmpty());
    }
    return done.map(v -> rows);
  }

  private static List<Row> rows(RowSet<Row> set) {
    List<Row> rows = new ArrayList<>(set.size());
    set.forEach(rows::add);
    return rows;
  }

  /** {@code failure} when it is a statement PostgreSQL refused on a connection that still works. */
  private static PgException refusal(Throwable failure) {
    return failure instanceof PgException pg
            && pg.getSqlState() != null
            && !SqlErrors.databaseUnreachable(failure)
        ? pg
        : null;
  }

  // A PgException translates to a typed failure, or stays itself: a RuntimeException either way.
  private static RuntimeException typed(PgException refusal) {
    return (RuntimeException) SqlErrors.translate(refusal);
  }

  private static UUID[] conversations(List<Append> batch, List<Integer> ords) {
    return ords.stream().map(ord -> batch.get(ord).conversationId()).toArray(UUID[]::new);
  }

  private static Tuple appendParameters(String tenantId, List<Append> batch, List<Integer> ords) {
    int size = ords.size();
    Integer[] ord = new Integer[size];
    UUID[] conversation = new UUID[size];
    String[] authorKind = new String[size];
    String[] authorId = new String[size];
    String[] body = new String[size];
    Boolean[] isPrivate = new Boolean[size];
    String[] clientMessageId = new String[size];
    String[] scope = new String[size];
    String[] subject = new String[size];
    for (int i = 0; i < size; i++) {
      Append append = batch.get(ords.get(i));
      ord[i] = ords.get(i);
      conversation[i] = append.conversationId();
      authorKind[i] = authorKind(append.caller());
      authorId[i] = append.caller().userId();
      body[i] = append.message().body();
      isPrivate[i] = append.message().isPrivate();
      clientMessageId[i] = append.message().clientMessageId();
      scope[i] = Scope.of(append.caller()).sqlName();
      subject[i] = append.caller().userId();
    }
    return Tuple.of(
            ord, conversation, authorKind, authorId, body, isPrivate, clientMessageId, tenantId)
        .addArrayOfString(scope)
        .addArrayOfString(subject);
  }

  /** A send repeated within one batch by the same author: the first one's message, or refusal. */
  private static Outcome repeated(int first, Outcome[] outcomes) {
    Outcome original = outcomes[first];
    return original.failure() != null
        ? original
        : Outcome.of(new Appended(original.appended().message(), false));
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
}
