package io.switchboard.crud.user;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creates, reads, changes and deletes users inside a tenant transaction. */
public final class UserStore {

  private static final String ENTITY = "user";

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /**
   * A new user.
   *
   * @param externalId token subject of the user
   * @param name display name
   * @param email email, or null
   * @param role agent, supervisor or admin
   */
  public record NewUser(String externalId, String name, String email, String role) {}

  /**
   * A change of a user; null fields stay as they are, except {@code email} when {@code setEmail}.
   *
   * @param name new name, or null
   * @param setEmail whether {@code email} replaces the current one, even with null
   * @param email new email
   * @param role new role, or null
   * @param availability new availability, or null
   */
  public record Change(
      String name, boolean setEmail, String email, String role, String availability) {

    /** True when the change touches nothing but availability, which users may set themselves. */
    public boolean onlyAvailability() {
      return name == null && !setEmail && role == null;
    }
  }

  /** Creates a user, with its audit entry and outbox event. */
  public Future<User> create(SqlConnection tx, Caller caller, NewUser created) {
    return tx.preparedQuery(UserSql.INSERT)
        .execute(
            Tuple.of(
                caller.tenantId(),
                created.externalId(),
                created.name(),
                created.email(),
                created.role()))
        .map(rows -> User.of(rows.iterator().next()))
        .compose(user -> recorded(tx, caller, "create", "user.created", user));
  }

  /** The user {@code id}, or {@link NotFound}. */
  public Future<User> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<User> find(Statements statements, UUID id) {
    return statements.execute(UserSql.FIND, Tuple.of(id)).compose(rows -> single(rows, id));
  }

  /** The first {@code limit} users, oldest first. */
  public Future<List<User>> list(SqlConnection tx, int limit) {
    return tx.preparedQuery(UserSql.LIST)
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<User> users = new ArrayList<>();
              rows.forEach(row -> users.add(User.of(row)));
              return users;
            });
  }

  /**
   * Applies {@code change} if the user is still at {@code expectedVersion}, else fails with {@link
   * PreconditionFailed}; a caller who may not manage users may change only their own availability.
   */
  public Future<User> update(
      SqlConnection tx,
      Caller caller,
      boolean manager,
      UUID id,
      long expectedVersion,
      Change change) {
    return tx.preparedQuery(UserSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(current -> permitted(caller, manager, current, change))
        .compose(current -> applied(tx, current, expectedVersion, change))
        .compose(updated -> recorded(tx, caller, "update", "user.updated", updated));
  }

  /** Deletes the user; one still assigned to conversations or tickets is a {@link Conflict}. */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(UserSql.DELETE)
        .execute(Tuple.of(id))
        .recover(UserStore::stillAssigned)
        .compose(
            rows ->
                ChangeLog.deleted(
                    tx, caller, rows, ENTITY, id, "user.deleted", () -> notFound(id)));
  }

  // The violated key belongs to the referencing row (e.g. a conversation's assignee_id), which
  // SqlErrors would read as a bad request field; deleting a referenced user is a conflict instead.
  private static <T> Future<T> stillAssigned(Throwable failure) {
    if (failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(
          new Conflict("the user is still assigned to conversations or tickets; reassign them"));
    }
    return Future.failedFuture(failure);
  }

  private static Future<User> permitted(
      Caller caller, boolean manager, User current, Change change) {
    if (manager || (change.onlyAvailability() && current.externalId().equals(caller.userId()))) {
      return Future.succeededFuture(current);
    }
    return Future.failedFuture(
        new Forbidden("only admins change users; others may set their own availability"));
  }

  private static Future<User> applied(
      SqlConnection tx, User current, long expectedVersion, Change change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(StoreRows.stale("user", current.version(), expectedVersion));
    }
    return tx.preparedQuery(UserSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.name() != null ? change.name() : current.name(),
                change.setEmail() ? change.email() : current.email(),
                change.role() != null ? change.role() : current.role(),
                change.availability() != null ? change.availability() : current.availability()))
        .map(rows -> User.of(rows.iterator().next()));
  }

  private static Future<User> recorded(
      SqlConnection tx, Caller caller, String action, String event, User user) {
    JsonObject json = user.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, user.id().toString(), event, json)
        .map(appended -> user);
  }

  private static Future<User> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, User::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no user " + id);
  }
}
