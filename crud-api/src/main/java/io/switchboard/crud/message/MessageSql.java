package io.switchboard.crud.message;

import io.switchboard.crud.conversation.ConversationSql;

/** Every statement of the message feature. */
final class MessageSql {

  static final String COLUMNS =
      "id, conversation_id, \"offset\", author_kind, author_id, body, private, client_message_id,"
          + " created_at";

  /** Locks the conversation, if visible, so that appends to it take offsets one at a time. */
  static final String LOCK_CONVERSATION =
      "SELECT c.id FROM conversations c WHERE c.id = $3 AND "
          + ConversationSql.VISIBLE
          + " FOR UPDATE OF c";

  static final String FIND_BY_CLIENT_ID =
      "SELECT "
          + COLUMNS
          + " FROM messages WHERE conversation_id = $1 AND client_message_id = $2"
          + " AND author_id = $3";

  static final String INSERT =
      "INSERT INTO messages (tenant_id, conversation_id, \"offset\", author_kind, author_id, body,"
          + " private, client_message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
          + COLUMNS;

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

  private MessageSql() {}
}
