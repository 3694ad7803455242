package io.switchboard.crud;

/** Event-bus addresses the crud role answers on; request/reply, JSON bodies. */
public final class Addresses {

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

  private Addresses() {}
}
