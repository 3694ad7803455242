package io.switchboard.platform.bus;

/**
 * Event-bus addresses the crud role answers on, request/reply with JSON bodies: the contract other
 * roles use to read and write tenant data. Failures carry the HTTP status of the error as their
 * failure code (404, 400, 403, 409, ...; 500 for anything unexpected), and a 400's message names
 * the refused fields.
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

  /**
   * Starts a ringing call: {@code {"tenant", "actor", "direction": "inbound"|"outbound",
   * "conversation_id"?}}; replies with the call as the REST API renders it. Staff and services
   * only, as in REST: a customer actor fails 403.
   */
  public static final String CALL_CREATE = "crud.call.create";

  /** Reads one call of the tenant: {@code {"tenant", "actor", "id"}}; replies with it, or 404. */
  public static final String CALL_GET = "crud.call.get";

  /**
   * Changes a call: {@code {"tenant", "actor", "id", "state"?, "recording_ref"?}}, applied to its
   * current version (the bus is trusted, so no If-Match); a backward state move fails 409, and
   * reaching {@code ended} or {@code failed} emits {@code call.ended} through the outbox. Replies
   * with the updated call.
   */
  public static final String CALL_UPDATE = "crud.call.update";

  /**
   * Appends to a call's transcript: {@code {"tenant", "actor", "id", "segments": [{"speaker",
   * "text", "startMs", "endMs"}]}}; replies with the call.
   */
  public static final String CALL_TRANSCRIPT = "crud.call.transcript";

  /**
   * Reads the actor's tenant: {@code {"tenant", "actor"}}; replies with the tenant as the REST API
   * renders it, {@code settings} and {@code modules} included. Staff and services only.
   */
  public static final String TENANT_GET = "crud.tenant.get";

  private CrudAddresses() {}
}
