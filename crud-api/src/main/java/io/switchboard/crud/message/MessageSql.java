package io.switchboard.crud.message;

import io.switchboard.crud.conversation.ConversationSql;
import io.switchboard.crud.db.SqlText;

/** Every statement of the message feature. */
final class MessageSql {

  static final String COLUMNS =
      "id, conversation_id, \"offset\", author_kind, author_id, body, private, client_message_id,"
          + " created_at";

  static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM messages WHERE conversation_id = $1 AND \"offset\" > $2"
          + " AND (NOT private OR $3) ORDER BY \"offset\" LIMIT $4";

  /** The newest messages before offset {@code $2} (exclusive), newest first. */
  static final String LIST_BEFORE =
      "SELECT "
          + COLUMNS
          + " FROM messages WHERE conversation_id = $1 AND \"offset\" < $2"
          + " AND (NOT private OR $3) ORDER BY \"offset\" DESC LIMIT $4";

  /** A message row {@code i} as {@link Message#toJson}: the audit entry of its creation. */
  static final String AUDIT_DETAIL =
      "jsonb_build_object('id', i.id, 'conversation_id', i.conversation_id, 'offset', i.\"offset\","
          + " 'author_kind', i.author_kind, 'author_id', i.author_id, 'body', i.body,"
          + " 'private', i.private, 'client_message_id', i.client_message_id,"
          + " 'created_at', "
          + SqlText.instant("i.created_at")
          + ")";

  /**
   * A batch's first statement: locks every conversation it writes to, in id order (so two batches
   * never wait on each other in a circle). The append is sent right behind it, without waiting for
   * its answer: it reads as of its own start, after the locks were granted, so it sees every
   * message committed before them.
   */
  static final String LOCK_BATCH =
      "SELECT c.id FROM conversations c WHERE c.id = ANY ($1::uuid[]) ORDER BY c.id FOR UPDATE";

  /**
   * A batch's statements look every row up by key, a few per message: index scans and nested loops
   * are right for them whatever the tables hold. A connection keeps their plans for its whole life,
   * made on their first runs, perhaps while the tables are nearly empty, when scanning a whole
   * table looks cheapest; that plan then stays as the table grows, and the append scanned all the
   * messages once per message it wrote (docs/benchmarks.md, "Stored messages on a faster machine").
   * So a batch's transaction plans without sequential scans, hash joins and merge joins.
   */
  static final String INDEX_LOOKUPS =
      "SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off;"
          + " SET LOCAL enable_mergejoin = off";

  /**
   * Kept before a batch's append, so that a refused batch can be appended again message by message.
   */
  static final String SAVEPOINT = "SAVEPOINT batch";

  static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT batch";

  /** The savepoint moved past a message appended alone. */
  static final String SAVEPOINT_PAST = "RELEASE SAVEPOINT batch; SAVEPOINT batch";

  // Whether a message's author ({@code i.scope}, {@code i.subject}) may see its conversation
  // {@code c}: the rule of ConversationSql#visible, applied to each row's own scope and subject.
  private static final String AUTHOR_SEES =
      "(i.scope = 'tenant'"
          + " OR (i.scope = 'inbox' AND c.inbox_id IN (SELECT m.inbox_id FROM inbox_members m"
          + " JOIN users u ON u.id = m.user_id WHERE u.external_id = i.subject))"
          + " OR (i.scope = 'contact' AND c.contact_id IN"
          + " (SELECT k.id FROM contacts k WHERE k.external_id = i.subject)))";

  /**
   * A batch's second statement, over messages whose conversations are locked: those whose author
   * may not see the conversation (or that do not exist for the tenant) are left out and come back
   * without a row; a message whose {@code client_message_id} is stored already comes back as that
   * earlier copy ({@code created} false); the others take the next offsets of their conversation in
   * batch order ({@code ord}), move the conversation's activity columns as {@link
   * ConversationSql#NEXT_OFFSET} does one message at a time, are inserted, and get their audit
   * entry ({@link #AUDIT_DETAIL}). Returns one row per message written or found, with its {@code
   * ord}, and the inbox of those created.
   */
  static final String APPEND_BATCH =
      "WITH input AS (SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[],"
          + " $5::text[], $6::boolean[], $7::text[], $9::text[], $10::text[])"
          + " AS i(ord, conversation_id, author_kind, author_id, body, private, client_message_id,"
          + " scope, subject)),"
          + " allowed AS (SELECT i.ord, i.conversation_id, i.author_kind, i.author_id, i.body,"
          + " i.private, i.client_message_id FROM input i JOIN conversations c"
          + " ON c.id = i.conversation_id WHERE "
          + AUTHOR_SEES
          + "),"
          + " earlier AS (SELECT i.ord, m.* FROM allowed i JOIN messages m"
          + " ON m.conversation_id = i.conversation_id AND m.client_message_id = i.client_message_id),"
          + " fresh AS (SELECT i.*, row_number() OVER (PARTITION BY i.conversation_id ORDER BY i.ord)"
          + " AS n FROM allowed i WHERE NOT EXISTS (SELECT 1 FROM earlier e WHERE e.ord = i.ord)),"
          + " summary AS (SELECT conversation_id, count(*) AS added,"
          + " bool_or(author_kind = 'agent' AND NOT private) AS human_answer,"
          + " bool_or(NOT private) AS any_public,"
          + " bool_or(author_kind <> 'contact' AND NOT private) AS answered,"
          + " count(*) FILTER (WHERE author_kind = 'contact') AS from_contact,"
          + " (array_agg(author_kind ORDER BY ord DESC) FILTER (WHERE NOT private))[1] AS last_author,"
          + " (array_agg(body ORDER BY ord DESC) FILTER (WHERE NOT private))[1] AS last_body"
          + " FROM fresh GROUP BY conversation_id),"
          + " moved AS (UPDATE conversations c SET last_offset = c.last_offset + s.added,"
          + " updated_at = now(),"
          + " handed_off_at = CASE WHEN s.human_answer AND c.handed_off_at IS NULL THEN now()"
          + " ELSE c.handed_off_at END,"
          + " first_reply_at = CASE WHEN s.human_answer AND c.first_reply_at IS NULL THEN now()"
          + " ELSE c.first_reply_at END,"
          + " last_message_at = CASE WHEN s.any_public THEN now() ELSE c.last_message_at END,"
          + " last_message_author = CASE WHEN s.any_public THEN s.last_author"
          + " ELSE c.last_message_author END,"
          + " last_message_preview = CASE WHEN s.any_public THEN left(s.last_body, "
          + ConversationSql.PREVIEW_CHARS
          + ") ELSE c.last_message_preview END,"
          + " waiting_since = CASE WHEN NOT s.any_public THEN c.waiting_since"
          + " WHEN s.last_author <> 'contact' THEN NULL WHEN s.answered THEN now()"
          + " ELSE coalesce(c.waiting_since, now()) END,"
          + " unread_count = c.unread_count + s.from_contact"
          + " FROM summary s WHERE c.id = s.conversation_id"
          + " RETURNING c.id, c.last_offset - s.added AS base, c.inbox_id),"
          + " numbered AS (SELECT f.*, m.base + f.n AS at, m.inbox_id FROM fresh f"
          + " JOIN moved m ON m.id = f.conversation_id),"
          + " inserted AS (INSERT INTO messages (tenant_id, conversation_id, \"offset\", author_kind,"
          + " author_id, body, private, client_message_id)"
          + " SELECT $8, conversation_id, at, author_kind, author_id, body, private,"
          + " client_message_id FROM numbered ORDER BY conversation_id, at RETURNING "
          + COLUMNS
          + "),"
          + " audited AS (INSERT INTO audit_log (tenant_id, actor, action, entity, entity_id, detail)"
          + " SELECT $8, i.author_id, 'create', 'message', i.id::text, "
          + AUDIT_DETAIL
          + " FROM inserted i)"
          + " SELECT n.ord, true AS created, n.inbox_id, i.* FROM inserted i"
          + " JOIN numbered n ON n.conversation_id = i.conversation_id AND n.at = i.\"offset\""
          + " UNION ALL SELECT e.ord, false, NULL::uuid, e.id, e.conversation_id, e.\"offset\","
          + " e.author_kind, e.author_id, e.body, e.private, e.client_message_id, e.created_at"
          + " FROM earlier e";

  private MessageSql() {}
}
