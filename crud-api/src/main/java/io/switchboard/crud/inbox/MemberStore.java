package io.switchboard.crud.inbox;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.user.User;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Adds users to inboxes and removes them inside a tenant transaction; agents see the conversations
 * of the inboxes they are members of.
 */
public final class MemberStore {

  private static final String ENTITY = "inbox";

  /** Makes {@code userId} a member of {@code inboxId}; adding a member again changes nothing. */
  public Future<Void> add(SqlConnection tx, Caller caller, UUID inboxId, UUID userId) {
    return exists(tx, inboxId)
        .compose(
            found ->
                tx.preparedQuery(InboxSql.ADD_MEMBER)
                    .execute(Tuple.of(caller.tenantId(), inboxId, userId)))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.succeededFuture()
                    : recorded(tx, caller, "add-member", "inbox.member_added", inboxId, userId));
  }

  /** Ends the membership of {@code userId} in {@code inboxId}, or fails with {@link NotFound}. */
  public Future<Void> remove(SqlConnection tx, Caller caller, UUID inboxId, UUID userId) {
    return tx.preparedQuery(InboxSql.REMOVE_MEMBER)
        .execute(Tuple.of(inboxId, userId))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.failedFuture(
                        new NotFound("user " + userId + " is not a member of inbox " + inboxId))
                    : recorded(
                        tx, caller, "remove-member", "inbox.member_removed", inboxId, userId));
  }

  /** The first {@code limit} members of {@code inboxId} by name, or {@link NotFound}. */
  public Future<List<User>> list(SqlConnection tx, UUID inboxId, int limit) {
    return exists(tx, inboxId)
        .compose(found -> tx.preparedQuery(InboxSql.MEMBERS).execute(Tuple.of(inboxId, limit)))
        .map(
            rows -> {
              List<User> users = new ArrayList<>();
              rows.forEach(row -> users.add(User.of(row)));
              return users;
            });
  }

  private static Future<Void> exists(SqlConnection tx, UUID inboxId) {
    return tx.preparedQuery(InboxSql.EXISTS)
        .execute(Tuple.of(inboxId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no inbox " + inboxId))
                    : Future.succeededFuture());
  }

  private static Future<Void> recorded(
      SqlConnection tx, Caller caller, String action, String event, UUID inboxId, UUID userId) {
    JsonObject detail =
        new JsonObject().put("inbox_id", inboxId.toString()).put("user_id", userId.toString());
    return ChangeLog.record(tx, caller, action, ENTITY, inboxId.toString(), event, detail)
        .mapEmpty();
  }
}
