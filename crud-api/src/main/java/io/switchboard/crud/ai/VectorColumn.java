package io.switchboard.crud.ai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the knowledge base's chunks a pgvector column when the database offers pgvector 0.8 or
 * later, so that the nearest chunks to a question are found by an index in PostgreSQL instead of by
 * the AI role scanning every chunk. Without it (or without the right to create an extension)
 * nothing changes: chunks keep their portable bytea embedding and are searched in memory.
 */
public final class VectorColumn {

  private static final Logger LOG = LoggerFactory.getLogger(VectorColumn.class);

  /** Iterative index scans, which row-level security needs, came with 0.8. */
  private static final int[] LEAST_VERSION = {0, 8};

  private VectorColumn() {}

  /**
   * Enables the extension and adds the column and index if they are missing; completes with whether
   * chunks are stored and searched with vectors. Run once at start, after migrations, with the same
   * rights as they.
   */
  public static Future<Boolean> ensure(Vertx vertx, String url) {
    return PgConnection.connect(vertx, PgConnectOptions.fromUri(url))
        .compose(connection -> ensure(connection).eventually(connection::close));
  }

  private static Future<Boolean> ensure(SqlConnection connection) {
    return installedVersion(connection)
        .compose(
            installed -> {
              if (installed == null) {
                LOG.info("Knowledge-base search runs in memory: the database has no pgvector");
                return Future.succeededFuture(false);
              }
              return connection
                  .query(AiSql.CREATE_VECTOR_EXTENSION)
                  .execute()
                  .compose(done -> connection.query(AiSql.ADD_VECTOR_COLUMN).execute())
                  .compose(done -> connection.query(AiSql.CREATE_VECTOR_INDEX).execute())
                  // Another node may be doing the same at the same time, or this user may not
                  // create extensions: what the database holds afterwards decides.
                  .transform(done -> usable(connection, done.cause()));
            });
  }

  /** The installed version of pgvector, "" when offered but not installed, null when absent. */
  private static Future<String> installedVersion(SqlConnection connection) {
    return connection
        .query(AiSql.VECTOR_EXTENSION)
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              String version = rows.iterator().next().getString("installed_version");
              return version == null ? "" : version;
            });
  }

  private static Future<Boolean> usable(SqlConnection connection, Throwable failure) {
    return installedVersion(connection)
        .compose(
            version ->
                connection
                    .query(AiSql.VECTOR_COLUMN_EXISTS)
                    .execute()
                    .map(
                        rows -> {
                          Row row = rows.iterator().next();
                          boolean column = row.getLong("n") > 0;
                          boolean recent = version != null && atLeast(version, LEAST_VERSION);
                          if (column && recent) {
                            LOG.info("Knowledge-base search uses pgvector {}", version);
                            return true;
                          }
                          LOG.warn(
                              "Knowledge-base search runs in memory: pgvector {} {}",
                              version == null || version.isEmpty() ? "(not installed)" : version,
                              failure != null
                                  ? "could not be enabled: " + failure.getMessage()
                                  : "is older than 0.8");
                          return false;
                        }));
  }

  /** Whether dotted version {@code version} is at least {@code least} (major, minor). */
  static boolean atLeast(String version, int[] least) {
    String[] parts = version.split("[.]");
    for (int i = 0; i < least.length; i++) {
      int part;
      try {
        part = i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
      } catch (NumberFormatException notNumeric) {
        return false;
      }
      if (part != least[i]) {
        return part > least[i];
      }
    }
    return true;
  }
}
