package io.switchboard.crud.kb;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.db.Statements;
import io.switchboard.crud.db.StoreRows;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.Paged;
import io.switchboard.crud.kb.KbArticleInputs.Fields;
import io.switchboard.crud.kb.KbArticleInputs.ListQuery;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
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
 * Reads and writes knowledge-base articles inside a tenant transaction; callers who are only
 * customers see published articles alone. Every write records an audit entry and an outbox event in
 * the same transaction.
 */
public final class KbArticleStore {

  /** Entity name in the audit log. */
  public static final String ENTITY = "kb_article";

  /**
   * One page of a list.
   *
   * @param items the articles, oldest change first
   * @param next cursor of the following page, or null on the last page
   */
  public record Page(List<KbArticle> items, Cursor next) implements Paged<KbArticle> {}

  /** Creates an article. */
  public Future<KbArticle> create(SqlConnection tx, Caller caller, Fields created) {
    return tx.preparedQuery(KbArticleSql.INSERT)
        .execute(
            Tuple.of(
                caller.tenantId(),
                created.title(),
                created.body(),
                created.tags().toArray(String[]::new),
                created.locale(),
                created.published()))
        .map(rows -> KbArticle.of(rows.iterator().next()))
        .compose(article -> recorded(tx, caller, "create", "kb_article.created", article));
  }

  /** The article {@code id} if the caller may see it, else {@link NotFound}. */
  public Future<KbArticle> find(SqlConnection tx, Caller caller, UUID id) {
    return find(Statements.of(tx), caller, id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<KbArticle> find(Statements statements, Caller caller, UUID id) {
    return statements
        .execute(KbArticleSql.FIND, Tuple.of(seesDrafts(caller), id))
        .compose(rows -> single(rows, id));
  }

  /**
   * Applies {@code change} if the article is still at {@code expectedVersion}, else fails with
   * {@link PreconditionFailed}.
   */
  public Future<KbArticle> update(
      SqlConnection tx, Caller caller, UUID id, long expectedVersion, Fields change) {
    return tx.preparedQuery(KbArticleSql.FIND_FOR_UPDATE)
        .execute(Tuple.of(seesDrafts(caller), id))
        .compose(rows -> single(rows, id))
        .compose(current -> applied(tx, current, expectedVersion, change))
        .compose(updated -> recorded(tx, caller, "update", "kb_article.updated", updated));
  }

  /** Deletes the article. */
  public Future<Void> delete(SqlConnection tx, Caller caller, UUID id) {
    return tx.preparedQuery(KbArticleSql.DELETE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                ChangeLog.deleted(
                    tx, caller, rows, ENTITY, id, "kb_article.deleted", () -> notFound(id)));
  }

  /** One page of the articles the caller may see. */
  public Future<Page> list(SqlConnection tx, Caller caller, ListQuery query) {
    Cursor after = query.after();
    Tuple params =
        Tuple.tuple()
            .addValue(seesDrafts(caller))
            .addValue(query.published())
            .addValue(query.locale())
            .addValue(query.tag())
            .addValue(after == null ? null : after.updatedAt())
            .addValue(after == null ? null : after.id())
            .addValue(query.limit() + 1);
    return tx.preparedQuery(KbArticleSql.LIST)
        .execute(params)
        .map(rows -> page(rows, query.limit()));
  }

  /** Staff and services see drafts; a caller who is only a customer does not. */
  private static boolean seesDrafts(Caller caller) {
    return caller.has(Role.AGENT)
        || caller.has(Role.SUPERVISOR)
        || caller.has(Role.ADMIN)
        || caller.has(Role.SERVICE);
  }

  private static Page page(RowSet<Row> rows, int limit) {
    return StoreRows.page(
        rows, limit, KbArticle::of, last -> new Cursor(last.updatedAt(), last.id()), Page::new);
  }

  private Future<KbArticle> applied(
      SqlConnection tx, KbArticle current, long expectedVersion, Fields change) {
    if (current.version() != expectedVersion) {
      return Future.failedFuture(StoreRows.stale("article", current.version(), expectedVersion));
    }
    return tx.preparedQuery(KbArticleSql.UPDATE)
        .execute(
            Tuple.of(
                current.id(),
                expectedVersion,
                change.title() != null ? change.title() : current.title(),
                change.body() != null ? change.body() : current.body(),
                (change.tags() != null ? change.tags() : current.tags()).toArray(String[]::new),
                change.locale() != null ? change.locale() : current.locale(),
                change.published() != null ? change.published() : current.published()))
        .map(rows -> KbArticle.of(rows.iterator().next()));
  }

  private Future<KbArticle> recorded(
      SqlConnection tx, Caller caller, String action, String event, KbArticle article) {
    JsonObject json = article.toJson();
    return ChangeLog.record(tx, caller, action, ENTITY, article.id().toString(), event, json)
        .map(appended -> article);
  }

  private static Future<KbArticle> single(RowSet<Row> rows, UUID id) {
    return StoreRows.single(rows, KbArticle::of, () -> notFound(id));
  }

  private static NotFound notFound(UUID id) {
    return new NotFound("no article " + id);
  }
}
