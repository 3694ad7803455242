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

  /**
   * Changes a conversation as a trusted role (the AI agent's tools and hand-off): {@code {"tenant",
   * "actor", "id", "add_labels"?: [...], "priority"?, "status"?, "team_id"?, "inbox_id"?,
   * "handoff"?: true}}, applied to its current version. {@code handoff} marks the conversation as
   * handed to humans ({@code handed_off_at} set), after which the bot no longer answers there.
   * Emits {@code conversation.updated}; replies with the conversation.
   */
  public static final String CONVERSATION_UPDATE = "crud.conversation.update";

  /**
   * Reads one contact of the tenant: {@code {"tenant", "actor", "id"}}; replies with it, or 404.
   */
  public static final String CONTACT_GET = "crud.contact.get";

  /**
   * Opens a ticket: {@code {"tenant", "actor", "subject", "priority"?, "conversation_id"?}};
   * replies with the ticket as the REST API renders it (403 {@code module-disabled} without the
   * tickets module).
   */
  public static final String TICKET_CREATE = "crud.ticket.create";

  /**
   * The tenant's published knowledge-base articles: {@code {"tenant", "actor"}}; replies {@code
   * {"articles": [{"id", "title", "body", "tags", "locale", "version", "updated_at"}]}}.
   */
  public static final String KB_PUBLISHED = "crud.kb.published";

  /**
   * The stored embeddings of the tenant's knowledge base for one embedding model: {@code {"tenant",
   * "actor", "model"}}; replies {@code {"chunks": [{"article_id", "article_version", "chunk_no",
   * "title", "text", "embedding"}], "vector_search": bool}}, {@code embedding} being base64 of
   * little-endian float32s. With {@code vector_search} the database has pgvector: only chunks
   * stored with a vector are listed, without {@code embedding}, and {@link #KB_CHUNKS_NEAREST}
   * finds the nearest ones.
   */
  public static final String KB_CHUNKS_LIST = "crud.kb.chunks.list";

  /**
   * The chunks of one embedding model nearest to a vector, where the database has pgvector: {@code
   * {"tenant", "actor", "model", "embedding", "limit", "also"?: [{"article_id", "chunk_no"}]}},
   * {@code also} being chunks found by keyword to score as well; replies {@code {"chunks":
   * [{"article_id", "chunk_no", "similarity"}]}} (cosine similarity), fails with conflict without
   * vector search.
   */
  public static final String KB_CHUNKS_NEAREST = "crud.kb.chunks.nearest";

  /**
   * Replaces the stored chunks of one article for one model in one transaction: {@code {"tenant",
   * "actor", "article_id", "article_version", "model", "chunks": [{"chunk_no", "title", "text",
   * "embedding"}]}} (an empty list removes them); replies {@code {"stored": n}}.
   */
  public static final String KB_CHUNKS_REPLACE = "crud.kb.chunks.replace";

  /**
   * Records one AI turn for the tenant's audit: {@code {"tenant", "actor", "kind":
   * "reply"|"voice"|"suggest"|"summary"|"classify", "conversation_id"?, "call_id"?, "provider",
   * "model", "latency_ms", "input_tokens", "output_tokens", "tools": [...], "outcome":
   * "answered"|"handoff"|"failed"|"refused"|"cancelled", "detail"?: {...}}}; replies {@code
   * {"id"}}.
   */
  public static final String AI_TURN_RECORD = "crud.ai.turn.record";

  private CrudAddresses() {}
}
