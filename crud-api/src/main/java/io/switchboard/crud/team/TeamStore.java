package io.switchboard.crud.team;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.crud.team.TeamInputs.ListQuery;
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
 * Reads and writes teams and their members inside a tenant transaction; every write records an
 * audit entry and an outbox event in the same transaction. A name in use is a conflict.
 */
public final class TeamStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "team";

  /**
   * One page of a list.
   *
   * @param items the teams, oldest change first
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<Team> items, Cursor next) implements Paged<Team> {}

  /** Creates a team named {@code name}. */
  public Future<Team> create(SqlConnection tx, Caller caller, String name) {
    return tx.preparedQuery(TeamSql.INSERT)
        .execute(Tuple.of(caller.tenantId(), name))
        .map(rows -> Team.of(rows.iterator().next()))
        .compose(
            team ->
                recorded(tx, caller, "create", "team.created", team.id(), team.toJson())
                    .map(done -> team));
  }

  /** The team {@code id}, or {@link NotFound}. */
  public Future<Team> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<Team> find(Statements statements, UUID id) {
    return statements.execute(TeamSql.FIND, Tuple.of(id)).compose(rows -> single(rows, id));
  }

  /**
   * Renames the team if it is still at {@code expectedVersion}, else {@link PreconditionFailed}.
   */
  public Future<Team> rename(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, String name) {
    return tx.preparedQuery(TeamSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(id))
        .compose(rows -> single(rows, id))
        .compose(
            current ->
                current.version() != expectedVersion
                    ? Future.failedFuture(
                        StoreRows.stale("team", current.version(), expectedVersion))
                    : tx.preparedQuery(TeamSql.UPDATE)
                        .execute(Tuple.of(id, expectedVersion, name))
                        .map(rows -> Team.of(rows.iterator().next())))
        .compose(
            team ->
                recorded(tx, caller, "update", "team.updated", team.id(), team.toJson())
                    .map(done -> team));
  }

  /** Deletes the team and its memberships. */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(TeamSql.DELETE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                ChangeLog.deleted(
                    tx, caller, rows, ENTITY, id, "team.deleted", () -> notFound(id)));
  }

  /** Makes {@code userId} a member of {@code teamId}; adding a member again changes nothing. */
  public Future<Void> addMember(SqlConnection tx, Caller caller, UUID teamId, UUID userId) {
    return find(tx, teamId)
        .compose(team -> tx.preparedQuery(TeamSql.USER_EXISTS).execute(Tuple.of(userId)))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no user " + userId))
                    : tx.preparedQuery(TeamSql.ADD_MEMBER)
                        .execute(Tuple.of(caller.tenantId(), teamId, userId)))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.succeededFuture()
                    : recorded(
                        tx,
                        caller,
                        "add-member",
                        "team.member_added",
                        teamId,
                        membership(teamId, userId)));
  }

  /** Ends the membership of {@code userId} in {@code teamId}, or fails with {@link NotFound}. */
  public Future<Void> removeMember(SqlConnection tx, Caller caller, UUID teamId, UUID userId) {
    return tx.preparedQuery(TeamSql.REMOVE_MEMBER)
        .execute(Tuple.of(teamId, userId))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.failedFuture(
                        new NotFound("user " + userId + " is not a member of team " + teamId))
                    : recorded(
                        tx,
                        caller,
                        "remove-member",
                        "team.member_removed",
                        teamId,
                        membership(teamId, userId)));
  }

  /** One page of the tenant's teams. */
  public Future<Page> list(SqlConnection tx, ListQuery query) {
    Cursor after = query.after();
    Tuple params =
        Tuple.tuple()
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    return tx.preparedQuery(TeamSql.LIST).execute(params).map(rows -> page(rows, query.limit()));
  }

  private static JsonObject membership(UUID teamId, UUID userId) {
    return new JsonObject().put("team_id", teamId.toString()).put("user_id", userId.toString());
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows, limit, Team::of, last -> new Cursor(last.updatedAt(), last.id()), Page::new);
  }

  private static Future<Void> recorded(
      SqlConnection tx, Caller caller, String action, String event, UUID id, JsonObject detail) {
    return ChangeLog.record(tx, caller, action, ENTITY, id.toString(), event, detail).mapEmpty();
  }

  private static Future<Team> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, Team::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no team " + id);
  }
}
