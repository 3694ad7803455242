package io.switchboard.ai.tools;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the model may do in the one conversation it answers, each through crud-api as a service of
 * that conversation's tenant: the model names no tenant and no conversation, so no tool can reach
 * another tenant's data or another conversation.
 */
public interface ToolActions {

  /** The conversation's contact: name, email and phone (masked before they reach a model). */
  Future<JsonObject> lookupContact();

  /** Opens a ticket for the conversation; {@code priority} low, medium, high or urgent. */
  Future<JsonObject> createTicket(String subject, String priority);

  /** Adds a label to the conversation. */
  Future<JsonObject> addLabel(String label);

  /** Sets the conversation's priority: low, medium, high or urgent. */
  Future<JsonObject> setPriority(String priority);

  /** Hands the conversation to a human agent; the bot stops answering there. */
  Future<JsonObject> handOff(String reason);

  /** Whether {@link #handOff} was called. */
  boolean handedOff();
}
