package io.switchboard.platform.bus;

/**
 * Event-bus addresses the ai role answers on: the contract the voice role (and later the chat hub)
 * uses to hand a caller's turn to the AI agent.
 */
public final class AiAddresses {

  /**
   * Asks the AI agent for a spoken reply, request/reply with a JSON body: {@code {"tenant",
   * "call_id", "turn_id", "text", "history": [{"speaker": "contact"|"bot"|"agent", "text"}],
   * "reply_to"}}. The reply {@code {"accepted": true}} says the agent takes the turn; its answer
   * then streams to {@code reply_to} as {@code {"turn_id", "delta": "..."}} messages ending with
   * {@code {"turn_id", "done": true, "handoff": bool}}, where {@code handoff} asks for a human
   * agent. A failure, no ai role in the cluster, or no reply in time sends the turn to a human.
   */
  public static final String VOICE_TURN = "ai.voice.turn";

  /**
   * Published when a caller interrupts a reply or hangs up: {@code {"tenant", "call_id",
   * "turn_id"}}; the agent stops generating that turn.
   */
  public static final String VOICE_TURN_CANCEL = "ai.voice.cancel";

  /**
   * Suggestions for the human agent working a conversation, request/reply: {@code {"tenant",
   * "actor": {"user", "roles"}, "conversation_id"}} (the actor must see the conversation); replies
   * {@code {"suggestions": [{"kind": "article"|"draft", "text", "article_id"?, "title"?,
   * "score"?}], "intent": {"name", "score"}, "sentiment": {"label", "score"}, "routing":
   * {"team_id"?, "inbox_id"?, "reason"}}} for the newest customer message.
   */
  public static final String ASSIST_SUGGEST = "ai.assist.suggest";

  /**
   * A summary of a conversation, request/reply: {@code {"tenant", "actor", "conversation_id"}};
   * replies {@code {"summary", "model"}}. Resolving a conversation stores one as a private note.
   */
  public static final String ASSIST_SUMMARY = "ai.assist.summary";

  /**
   * Intent and sentiment of a text, request/reply: {@code {"tenant", "text"}}; replies {@code
   * {"intent": {"name", "score"}, "sentiment": {"label", "score"}}} with the tenant's intents
   * ({@code settings.ai.intents}) and the built-in {@code human} (the customer asks for a person).
   */
  public static final String ASSIST_CLASSIFY = "ai.assist.classify";

  private AiAddresses() {}
}
