package io.switchboard.ai.model;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The tools a chat model is offered, and each call run through {@link ToolActions}. */
final class ModelTools {

  private static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");

  static final List<ToolSpecification> SPECIFICATIONS =
      List.of(
          ToolSpecification.builder()
              .name("lookup_contact")
              .description("The customer's name, email and phone (masked).")
              .parameters(JsonObjectSchema.builder().build())
              .build(),
          ToolSpecification.builder()
              .name("create_ticket")
              .description("Opens a ticket for this conversation.")
              .parameters(
                  JsonObjectSchema.builder()
                      .addStringProperty("subject", "what the ticket is about")
                      .addEnumProperty("priority", PRIORITIES)
                      .required("subject", "priority")
                      .build())
              .build(),
          ToolSpecification.builder()
              .name("add_label")
              .description("Adds a label to this conversation.")
              .parameters(
                  JsonObjectSchema.builder().addStringProperty("label").required("label").build())
              .build(),
          ToolSpecification.builder()
              .name("set_priority")
              .description("Sets this conversation's priority.")
              .parameters(
                  JsonObjectSchema.builder()
                      .addEnumProperty("priority", PRIORITIES)
                      .required("priority")
                      .build())
              .build(),
          ToolSpecification.builder()
              .name("hand_off")
              .description("Hands this conversation to a human agent; then stop answering.")
              .parameters(
                  JsonObjectSchema.builder()
                      .addStringProperty("reason", "why a human should take over")
                      .required("reason")
                      .build())
              .build());

  private ModelTools() {}

  /**
   * Runs one tool call; its result, or the reason it was refused, is the text the model gets back.
   */
  static Future<String> execute(ToolActions tools, ToolExecutionRequest call) {
    JsonObject args;
    try {
      String raw = call.arguments();
      args = raw == null || raw.isBlank() ? new JsonObject() : new JsonObject(raw);
    } catch (RuntimeException e) {
      return Future.succeededFuture("error: the arguments are not a JSON object");
    }
    Future<JsonObject> result =
        switch (call.name()) {
          case "lookup_contact" -> tools.lookupContact();
          case "create_ticket" ->
              tools.createTicket(args.getString("subject"), args.getString("priority"));
          case "add_label" -> tools.addLabel(args.getString("label"));
          case "set_priority" -> tools.setPriority(args.getString("priority"));
          case "hand_off" -> tools.handOff(args.getString("reason"));
          default -> Future.failedFuture(new IllegalArgumentException("no such tool"));
        };
    return result
        .map(JsonObject::encode)
        .recover(
            failure ->
                Future.succeededFuture(
                    failure instanceof SwitchboardException known
                        ? "error: " + known.detail()
                        : "error: " + failure.getMessage()));
  }
}
