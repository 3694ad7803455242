package io.switchboard.crud.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with the Flyway migrations in {@code db/migration}. Flyway speaks
 * JDBC and blocks, so it runs on a worker thread, once, before the role serves anything.
 */
public final class Migrations {

  private Migrations() {}

  /** Migrates the database at {@code url} and completes with the number of migrations applied. */
  public static Future<Integer> migrate(Vertx vertx, String url) {
    return migrate(vertx, url, Map.of());
  }

  /** {@link #migrate(Vertx, String)} with Flyway {@code settings} ({@code flyway.*} keys). */
  public static Future<Integer> migrate(Vertx vertx, String url, Map<String, String> settings) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    String jdbcUrl =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    return vertx.executeBlocking(
        () -> {
          MigrateResult result =
              Flyway.configure()
                  .configuration(settings)
                  .dataSource(jdbcUrl, options.getUser(), options.getPassword())
                  .locations("classpath:db/migration")
                  .load()
                  .migrate();
          return result.migrationsExecuted;
        },
        false);
  }
}
