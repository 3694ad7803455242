package io.switchboard.crud.tenant;

import io.switchboard.crud.db.Statements;
import io.switchboard.platform.error.ModuleDisabled;
import io.vertx.core.Future;
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

  private static final String ENABLED =
      "SELECT $2 = ANY (modules) AS enabled FROM tenants WHERE id = $1";

  private Modules() {}

  /** Whether {@code tenantId} has {@code module} switched on. */
  public static Future<Boolean> enabled(SqlConnection tx, String tenantId, String module) {
    return enabled(Statements.of(tx), tenantId, module);
  }

  /** Succeeds when {@code tenantId} has {@code module}, else fails with {@link ModuleDisabled}. */
  public static Future<Void> require(Statements statements, String tenantId, String module) {
    return enabled(statements, tenantId, module)
        .compose(
            enabled ->
                enabled
                    ? Future.succeededFuture()
                    : Future.failedFuture(new ModuleDisabled(module)));
  }

  private static Future<Boolean> enabled(Statements statements, String tenantId, String module) {
    return statements
        .execute(ENABLED, Tuple.of(tenantId, module))
        .map(rows -> rows.size() == 0 || rows.iterator().next().getBoolean("enabled"));
  }
}
