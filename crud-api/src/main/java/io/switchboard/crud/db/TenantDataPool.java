package io.switchboard.crud.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The pool the crud role's routes and consumers share. */
public final class TenantDataPool {

  private TenantDataPool() {}

  /**
   * A pool of {@code size} connections to {@code url} whose statements are prepared once per
   * connection and kept, so that PostgreSQL parses each once and plans most once too. Long ones are
   * kept as well: a message batch's statements are both the longest and among the most frequent.
   * Its sessions are in UTC whatever the server's default: reads in one trip return rows as text,
   * where timestamps carry the session's zone, and setting it per read cost PostgreSQL more than
   * the read's own statement.
   */
  public static Pool create(Vertx vertx, String url, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(
            PgConnectOptions.fromUri(url)
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheSqlFilter(sql -> true)
                .addProperty("TimeZone", "UTC"))
        .using(vertx)
        .build();
  }
}
