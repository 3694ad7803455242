package io.switchboard.platform.bus;

/**
 * Event-bus addresses the crud role answers on, request/reply with JSON bodies: the contract other
 * roles use to read and write tenant data. Failures carry the HTTP status of the error as their
 * failure code (404, 400, 403, 409, ...; 500 for anything unexpected).
 */
public final class CrudAddresses {

  /**
   * Reads one conversation: {@code {"tenant", "actor": {"user", "roles": [...]}, "id"}}; replies
   * with the conversation as the REST API renders it.
   */
  public static final String CONVERSATION_GET = "crud.conversation.get";

  /**
   * Appends a message: {@code {"tenant", "actor", "conversation_id", "body", "private"?,
   * "client_message_id"?}}; replies {@code {"created": bool, "message": {...}}}.
   */
  public static final String MESSAGE_APPEND = "crud.message.append";

  /**
   * Pages a conversation's messages: {@code {"tenant", "actor", "conversation_id", "limit",
   * "after_offset"?}} oldest first after that offset, or {@code "before_offset"} newest first
   * before it (omit both for the newest); replies {@code {"messages": [...], "last_offset": n}}.
   */
  public static final String MESSAGE_LIST = "crud.message.list";

  /**
   * Reads an inbox the actor may follow (supervisors and admins any, agents their own): {@code
   * {"tenant", "actor", "id"}}; replies with the inbox, or fails 404.
   */
  public static final String INBOX_GET = "crud.inbox.get";

  private CrudAddresses() {}
}
