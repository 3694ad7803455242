package io.switchboard.ai.tools;

import io.switchboard.ai.safety.PiiMasker;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The model's tools for one conversation, through crud-api as the conversation tenant's service:
 * every request carries that tenant and that conversation's id, neither of which the model can
 * name, so no tool reaches another tenant or another conversation.
 */
public final class CrudToolActions implements ToolActions {

  /** Priorities of conversations and tickets, as crud-api accepts them. */
  public static final Set<String> PRIORITIES = Set.of("low", "medium", "high", "urgent");

  /** Longest label, as crud-api accepts it. */
  public static final int MAX_LABEL_LENGTH = 50;

  /** Longest ticket subject, as crud-api accepts it. */
  public static final int MAX_SUBJECT_LENGTH = 500;

  private final CrudClient crud;
  private final Caller service;
  private final JsonObject conversation;
  private final JsonObject handoffTarget;
  private final AtomicBoolean handedOff = new AtomicBoolean();

  /**
   * @param service the conversation's tenant acting as a service
   * @param conversation the conversation as crud-api renders it ({@code id}, {@code contact_id})
   * @param handoffTarget where a hand-off routes it ({@code inbox_id}?, {@code team_id}?)
   */
  public CrudToolActions(
      CrudClient crud, Caller service, JsonObject conversation, JsonObject handoffTarget) {
    this.crud = crud;
    this.service = service;
    this.conversation = conversation.copy();
    this.handoffTarget = handoffTarget == null ? new JsonObject() : handoffTarget.copy();
  }

  @Override
  public Future<JsonObject> lookupContact() {
    String contactId = conversation.getString("contact_id");
    if (contactId == null) {
      return Future.failedFuture(new NotFound("the conversation has no contact"));
    }
    return crud.contact(service, contactId)
        .map(
            contact ->
                new JsonObject()
                    .put("name", PiiMasker.mask(contact.getString("name")))
                    .put("email", PiiMasker.mask(contact.getString("email")))
                    .put("phone", PiiMasker.mask(contact.getString("phone"))));
  }

  @Override
  public Future<JsonObject> createTicket(String subject, String priority) {
    if (subject == null || subject.isBlank()) {
      return Future.failedFuture(Invalid.field("subject", "must not be blank"));
    }
    if (subject.length() > MAX_SUBJECT_LENGTH) {
      return Future.failedFuture(
          Invalid.field("subject", "must be at most " + MAX_SUBJECT_LENGTH + " characters"));
    }
    if (priority == null || !PRIORITIES.contains(priority)) {
      return Future.failedFuture(invalidPriority());
    }
    return crud.createTicket(
        service,
        new JsonObject()
            .put("subject", subject.strip())
            .put("priority", priority)
            .put("conversation_id", conversationId()));
  }

  @Override
  public Future<JsonObject> addLabel(String label) {
    if (label == null || label.isBlank()) {
      return Future.failedFuture(Invalid.field("label", "must not be blank"));
    }
    if (label.strip().length() > MAX_LABEL_LENGTH) {
      return Future.failedFuture(
          Invalid.field("label", "must be at most " + MAX_LABEL_LENGTH + " characters"));
    }
    return update(new JsonObject().put("add_labels", new JsonArray().add(label.strip())));
  }

  @Override
  public Future<JsonObject> setPriority(String priority) {
    if (priority == null || !PRIORITIES.contains(priority)) {
      return Future.failedFuture(invalidPriority());
    }
    return update(new JsonObject().put("priority", priority));
  }

  @Override
  public Future<JsonObject> handOff(String reason) {
    // crud-api keeps no reason; the turn's audit record does.
    return update(handoffTarget.copy().put("handoff", true))
        .onSuccess(updated -> handedOff.set(true));
  }

  @Override
  public boolean handedOff() {
    return handedOff.get();
  }

  private Future<JsonObject> update(JsonObject changes) {
    return crud.updateConversation(service, conversationId(), changes);
  }

  private String conversationId() {
    return conversation.getString("id");
  }

  private static Invalid invalidPriority() {
    return Invalid.field("priority", "must be one of low, medium, high, urgent");
  }
}
