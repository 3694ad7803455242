package io.switchboard.crud.tenant;

import io.switchboard.crud.db.OpeningCheck;
import io.switchboard.platform.error.ModuleDisabled;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The one check of whether a tenant has a module switched on; a tenant whose row does not exist yet
 * has every module, as the schema's default says.
 */
public final class Modules {

  /** Conversations, messages, inboxes, contacts and canned responses. */
  public static final String CHAT = "chat";

  /** Calls, their states, recordings and transcripts. */
  public static final String VOICE = "voice";

  /** Tickets. */
  public static final String TICKETS = "tickets";

  /** The AI agent: bot replies, agent assist, the audit of AI turns. */
  public static final String AI = "ai";

  /** Every module a tenant can switch, in the order the schema lists them. */
  public static final List<String> ALL = List.of(CHAT, VOICE, AI, TICKETS);

  // The tenant, then the module: parameters in the prepared statement, values written in where the
  // check opens a transaction. The function (V6) keeps its plan on the connection either way.
  private static final String ENABLED = "SELECT module_switched_on(%s, %s) AS enabled";

  private static final String ENABLED_PREPARED = ENABLED.formatted("$1", "$2");

  private Modules() {}

  /** Whether {@code tenantId} has {@code module} switched on. */
  public static Future<Boolean> enabled(SqlConnection tx, String tenantId, String module) {
    return tx.preparedQuery(ENABLED_PREPARED)
        .execute(Tuple.of(tenantId, module))
        .map(Modules::enabled);
  }

  /**
   * The check that opens a transaction of work belonging to {@code module}: it refuses the work
   * with {@link ModuleDisabled} while the tenant has the module switched off.
   */
  public static OpeningCheck switchedOn(String module) {
    if (!ALL.contains(module)) {
      throw new IllegalArgumentException("no module " + module);
    }
    return new OpeningCheck() {
      @Override
      public String sql(String tenantKey) {
        // Both values are safe between quotes: a module of ALL, a tenant key that is a slug.
        return ENABLED.formatted("'" + tenantKey + "'", "'" + module + "'");
      }

      @Override
      public Future<Void> verdict(RowSet<Row> rows) {
        return enabled(rows)
            ? Future.succeededFuture()
            : Future.failedFuture(new ModuleDisabled(module));
      }
    };
  }

  static boolean enabled(RowSet<Row> rows) {
    return rows.iterator().next().getBoolean("enabled");
  }
}
