package io.switchboard.crud.visitor;

/** The statements of visitor sessions. */
final class VisitorSql {

  /** A chat inbox that takes visitors: {@code $1} its id. */
  static final String CHAT_INBOX = "SELECT id FROM inboxes WHERE id = $1 AND channel = 'chat'";

  /** The visitor contact {@code $1} by the {@code sub} its tokens carry. */
  static final String VISITOR = "SELECT id, external_id FROM contacts WHERE id = $1";

  /** The contact's newest conversation in inbox {@code $2} that is not resolved. */
  static final String OPEN_CONVERSATION =
      "SELECT id FROM conversations WHERE contact_id = $1 AND inbox_id = $2"
          + " AND status <> 'resolved' ORDER BY created_at DESC LIMIT 1";

  private VisitorSql() {}
}
