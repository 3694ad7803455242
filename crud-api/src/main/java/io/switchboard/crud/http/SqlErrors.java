package io.switchboard.crud.http;

import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.Unavailable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Map;

/**
 * The one place where PostgreSQL errors of the crud features become typed failures, by SQLSTATE;
 * constraint names tell which request field a violation is about. Everything else passes through
 * unchanged and so becomes a 500 that is logged once by the failure handler; a database that does
 * not answer is {@link Unavailable} (503 with Retry-After, gRPC UNAVAILABLE).
 */
public final class SqlErrors {

  // Default constraint names from V1: <table>_<columns>_fkey / _key / _check.
  private static final Map<String, String> FIELD_OF_CONSTRAINT =
      Map.ofEntries(
          Map.entry("conversations_tenant_id_inbox_id_fkey", "inbox_id"),
          Map.entry("conversations_tenant_id_contact_id_fkey", "contact_id"),
          Map.entry("conversations_tenant_id_assignee_id_fkey", "assignee_id"),
          Map.entry("conversations_tenant_id_team_id_fkey", "team_id"),
          Map.entry("contacts_tenant_id_external_id_key", "external_id"),
          Map.entry("users_tenant_id_external_id_key", "external_id"),
          Map.entry("inbox_members_tenant_id_user_id_fkey", "user_id"),
          Map.entry("messages_conversation_id_client_message_id_key", "client_message_id"),
          Map.entry("tickets_tenant_id_assignee_id_fkey", "assignee_id"),
          Map.entry("canned_responses_tenant_id_short_code_key", "short_code"),
          Map.entry("tenants_id_check", "tenant"),
          Map.entry("idempotency_keys_pkey", "Idempotency-Key"));

  static final String UNREACHABLE = "the database does not answer; retry later";

  private SqlErrors() {}

  /**
   * True when the database could not be reached or went away mid-request: a refused connection, a
   * connection closed under the request, a server shutting down or starting up (SQLSTATE 57P01 to
   * 57P03), a connection failure (class 08) or a full server (53300). Retrying later can work.
   */
  public static boolean databaseUnreachable(Throwable failure) {
    if (failure instanceof ConnectException || failure instanceof ClosedConnectionException) {
      return true;
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }
    return false;
  }

  /** The typed failure {@code failure} stands for, or {@code failure} itself. */
  public static Throwable translate(Throwable failure) {
    if (databaseUnreachable(failure)) {
      return new Unavailable(UNREACHABLE);
    }
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return failure;
    }
    String field = FIELD_OF_CONSTRAINT.getOrDefault(pg.getConstraint(), JsonInput.WHOLE_BODY);
    boolean known = FIELD_OF_CONSTRAINT.containsKey(pg.getConstraint());
    return switch (pg.getSqlState()) {
      case "23505" -> new Conflict("already exists: " + field);
      // A foreign key of a request field names a missing row; any other one, e.g. a call still
      // pointing at a conversation being deleted, means the row is in use.
      case "23503" ->
          known
              ? Invalid.field(field, "refers to nothing that exists in this tenant")
              : new Conflict("still referenced by other records");
      case "22P02", "22001", "23514", "22021", "22003", "22007", "22008" ->
          Invalid.field(field, "is not acceptable here");
      case "42501" -> new Forbidden("not permitted for this tenant");
      default -> failure;
    };
  }
}
