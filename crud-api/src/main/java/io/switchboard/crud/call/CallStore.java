package io.switchboard.crud.call;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.call.CallInputs.Change;
import io.switchboard.crud.call.CallInputs.ListQuery;
import io.switchboard.crud.call.CallInputs.NewCall;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes calls inside a tenant transaction; every write records an audit entry and an
 * outbox event in the same transaction.
 */
public final class CallStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "call";

  /**
   * One page of a list.
   *
   * @param items the calls, oldest change first
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<Call> items, Cursor next) implements Paged<Call> {}

  /** Creates a ringing call; its conversation must be of the caller's tenant. */
  public Future<Call> create(SqlConnection tx, Caller caller, NewCall created) {
    return ConversationStore.linkable(tx, created.conversationId())
        .compose(
            checked ->
                tx.preparedQuery(CallSql.INSERT)
                    .execute(
                        Tuple.of(caller.tenantId(), created.direction(), created.conversationId())))
        .map(rows -> Call.of(rows.iterator().next()))
        .compose(call -> recorded(tx, caller, "create", "call.started", call));
  }

  /** The call {@code id}, or {@link NotFound}. */
  public Future<Call> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<Call> find(Statements statements, UUID id) {
    return statements.execute(CallSql.FIND, Tuple.of(id)).compose(rows -> single(rows, id));
  }

  /**
   * Applies {@code change} if the call is still at {@code expectedVersion} (else {@link
   * PreconditionFailed}) and the state only moves forward (else {@link Conflict}).
   */
  public Future<Call> update(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, Change change) {
    return tx.preparedQuery(CallSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(
            current ->
                applied(tx, current, expectedVersion, change)
                    .compose(
                        updated ->
                            recorded(tx, caller, "update", event(current, updated), updated)));
  }

  /**
   * Applies {@code change} to the call as it is now, for trusted callers on the event bus that hold
   * no version; the state still only moves forward (else {@link Conflict}).
   */
  public Future<Call> updateCurrent(SqlConnection tx, Caller caller, UUID id, Change change) {
    return tx.preparedQuery(CallSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(
            current ->
                applied(tx, current, current.version(), change)
                    .compose(
                        updated ->
                            recorded(tx, caller, "update", event(current, updated), updated)));
  }

  /** {@code call.ended} when this change ended or failed the call, else {@code call.updated}. */
  private static String event(Call before, Call after) {
    return isFinal(after.state()) && !after.state().equals(before.state())
        ? "call.ended"
        : "call.updated";
  }

  /** Appends {@code segments} to the call's transcript. */
  public Future<Call> appendTranscript(
      SqlConnection tx, Caller caller, UUID id, JsonArray segments) {
    return tx.preparedQuery(CallSql.APPEND_TRANSCRIPT)
        .execute(Tuple.of(id, segments))
        .compose(rows -> single(rows, id))
        .compose(call -> recorded(tx, caller, "transcript", "call.updated", call));
  }

  /** One page of the tenant's calls. */
  public Future<Page> list(SqlConnection tx, ListQuery query) {
    Cursor after = query.after();
    Tuple params =
        Tuple.tuple()
            .addValue(query.state())
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    return tx.preparedQuery(CallSql.LIST).execute(params).map(rows -> page(rows, query.limit()));
  }

  private static boolean isFinal(String state) {
    return "ended".equals(state) || "failed".equals(state);
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows, limit, Call::of, last -> new Cursor(last.updatedAt(), last.id()), Page::new);
  }

  private Future<Call> applied(
      SqlConnection tx, Call current, long expectedVersion, Change change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(StoreRows.stale("call", current.version(), expectedVersion));
    }
    String state = change.state() != null ? change.state() : current.state();
    if (!state.equals(current.state())
        && !CallInputs.TRANSITIONS.get(current.state()).contains(state)) {
      return Future.failedFuture(
          new Conflict("a call cannot go from " + current.state() + " to " + state));
    }
    return tx.preparedQuery(CallSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                state,
                change.setRecordingRef() ? change.recordingRef() : current.recordingRef()))
        .map(rows -> Call.of(rows.iterator().next()));
  }

  private Future<Call> recorded(
      SqlConnection tx, Caller caller, String action, String event, Call call) {
    JsonObject json = call.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, call.id().toString(), event, json)
        .map(appended -> call);
  }

  private static Future<Call> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, Call::of, () -> new NotFound("no call " + id));
  }
}
