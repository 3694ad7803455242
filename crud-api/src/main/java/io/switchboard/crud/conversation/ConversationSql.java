package io.switchboard.crud.conversation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every statement of the conversation feature. Queries that read conversations bind the caller's
 * {@link Scope} as {@code $1} and the token's subject as {@code $2}, and carry the scope's {@link
 * #visible} rule; row-level security confines them to the tenant either way.
 */
public final class ConversationSql {

  /** Characters of a message kept as the conversation's preview. */
  public static final int PREVIEW_CHARS = 140;

  /** Columns every statement returns, in the shape {@link Conversation#of} reads. */
  static final String COLUMNS =
      "c.id, c.inbox_id, c.contact_id, c.assignee_id, c.team_id, c.status, c.priority, c.labels,"
          + " c.channel, c.last_offset, c.created_at, c.updated_at, c.version, c.handed_off_at,"
          + " c.last_message_at, c.last_message_author, c.last_message_preview, c.waiting_since,"
          + " c.unread_count, c.agent_read_offset, c.first_reply_at, c.resolved_at";

  /**
   * Visibility of conversation {@code c} to a caller of {@code scope}: supervisors and admins see
   * the tenant, agents the inboxes their user row belongs to (none without a user row), customers
   * their own contact's. Each scope has its own text, so that the plan PostgreSQL keeps for a
   * statement holds only what that scope needs: one plan for every scope starts the look-ups of the
   * others on each run, which cost more than a read by id itself. Every text names {@code $1} and
   * {@code $2}, so that the statements of all scopes take the same parameters.
   */
  public static String visible(Scope scope) {
    return switch (scope) {
      case TENANT -> "($1 = 'tenant' AND " + SUBJECT_UNUSED + ")";
      case MEMBER_INBOXES ->
          "($1 = 'inbox' AND c.inbox_id IN (SELECT m.inbox_id FROM inbox_members m"
              + " JOIN users u ON u.id = m.user_id WHERE u.external_id = $2))";
      case OWN_CONTACT ->
          "($1 = 'contact' AND c.contact_id IN"
              + " (SELECT k.id FROM contacts k WHERE k.external_id = $2))";
      case NOTHING -> "(false AND $1 = 'none' AND " + SUBJECT_UNUSED + ")";
    };
  }

  // True whatever the subject: it names $2's type where the scope does not look at the subject.
  private static final String SUBJECT_UNUSED = "($2::text IS NULL OR $2::text IS NOT NULL)";

  /** {@code statement} with each scope's {@link #visible} rule written in. */
  private static Map<Scope, String> byScope(Function<String, String> statement) {
    Map<Scope, String> texts = new EnumMap<>(Scope.class);
    for (Scope scope : Scope.values()) {
      texts.put(scope, statement.apply(visible(scope)));
    }
    return Collections.unmodifiableMap(texts);
  }

  // Tenant-wide whatever the caller's scope: calls and tickets may link any conversation of it.
  static final String EXISTS = "SELECT 1 FROM conversations WHERE id = $1";

  static final String CONTACT_OF_CUSTOMER =
      "SELECT 1 FROM contacts WHERE id = $1 AND external_id = $2";

  static final String INSERT =
      "INSERT INTO conversations AS c"
          + " (tenant_id, inbox_id, contact_id, channel, priority, labels)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  static final Map<Scope, String> FIND = byScope(ConversationSql::find);

  static final Map<Scope, String> FIND_FOR_UPDATE =
      byScope(visible -> find(visible) + " FOR UPDATE OF c");

  private static String find(String visible) {
    return "SELECT " + COLUMNS + " FROM conversations c WHERE c.id = $3 AND " + visible;
  }

  static final String UPDATE =
      "UPDATE conversations AS c SET status = $3, priority = $4, labels = $5, assignee_id = $6,"
          + " team_id = $7, inbox_id = $8,"
          + " handed_off_at = CASE WHEN $9 THEN coalesce(c.handed_off_at, now())"
          + " ELSE c.handed_off_at END,"
          + " resolved_at = CASE WHEN $3 <> 'resolved' THEN NULL"
          + " WHEN c.status = 'resolved' THEN c.resolved_at ELSE now() END,"
          + " version = c.version + 1, updated_at = now()"
          + " WHERE c.id = $1 AND c.version = $2 RETURNING "
          + COLUMNS;

  static final Map<Scope, String> DELETE =
      byScope(
          visible ->
              "DELETE FROM conversations c WHERE c.id = $3 AND "
                  + visible
                  + " RETURNING c.inbox_id");

  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM conversations c WHERE %s"
          + " AND ($3::text IS NULL OR c.status = $3)"
          + " AND ($4::uuid IS NULL OR c.assignee_id = $4)"
          + " AND ($5::uuid IS NULL OR c.inbox_id = $5)"
          + " AND ($6::text IS NULL OR $6 = ANY (c.labels))"
          + " AND ($7::timestamptz IS NULL OR c.updated_at >= $7)"
          + " AND ($8::timestamptz IS NULL OR (c.updated_at, c.id) %s ($8, $9::uuid))"
          + " ORDER BY c.updated_at %s, c.id %s LIMIT $10";

  static final Map<Scope, String> LIST_ASCENDING =
      byScope(visible -> String.format(LIST, visible, ">", "ASC", "ASC"));

  static final Map<Scope, String> LIST_DESCENDING =
      byScope(visible -> String.format(LIST, visible, "<", "DESC", "DESC"));

  /**
   * Staff have read conversation {@code $3} up to offset {@code $4}: moves the read mark forward
   * (never back, never past the last message) and counts what is left unread.
   */
  static final Map<Scope, String> READ =
      byScope(
          visible ->
              "UPDATE conversations AS c SET agent_read_offset = least($4, c.last_offset),"
                  + " unread_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id"
                  + " AND m.author_kind = 'contact' AND m.\"offset\" > least($4, c.last_offset))"
                  + " WHERE c.id = $3 AND c.agent_read_offset < least($4, c.last_offset) AND "
                  + visible
                  + " RETURNING "
                  + COLUMNS);

  private ConversationSql() {}
}
