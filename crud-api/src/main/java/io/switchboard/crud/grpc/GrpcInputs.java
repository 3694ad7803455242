package io.switchboard.crud.grpc;

import com.google.protobuf.Message;
import io.switchboard.crud.conversation.ConversationInputs;
import io.switchboard.crud.conversation.ConversationInputs.Change;
import io.switchboard.crud.conversation.ConversationInputs.NewConversation;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.QueryInput;
import io.switchboard.crud.message.MessageRoutes;
import io.switchboard.crud.message.MessageStore.NewMessage;
import io.switchboard.platform.error.FieldError;
import io.switchboard.platform.error.Invalid;
import io.switchboard.protos.crud.v1.AppendMessageRequest;
import io.switchboard.protos.crud.v1.CreateConversationRequest;
import io.switchboard.protos.crud.v1.ListMessagesRequest;
import io.switchboard.protos.crud.v1.UpdateConversationRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads gRPC requests into the inputs of the features by handing them, in the shape of REST input,
 * to the very checks the REST resources use; so both fronts accept and refuse the same things.
 * Proto3 has no null, so an empty string means "not sent".
 */
final class GrpcInputs {

  /** Names of the list parameters of the gRPC request that REST calls otherwise. */
  private static final Map<String, String> REST_PARAM_NAMES =
      Map.of("page_size", "limit", "page_token", Cursor.PARAM);

  /** The same names the other way round, to name refused parameters as the request does. */
  private static final Map<String, String> LIST_FIELD_NAMES =
      REST_PARAM_NAMES.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

  private static final Set<String> MESSAGE_LIST_PARAMS = Set.of("after_offset", "limit");

  private GrpcInputs() {}

  static NewConversation newConversation(CreateConversationRequest request) {
    JsonObject json =
        new JsonObject()
            .put("inbox_id", request.getInboxId())
            .put("contact_id", request.getContactId())
            .put("channel", request.getChannel())
            .put("labels", new JsonArray(request.getLabelsList()));
    if (!request.getPriority().isEmpty()) {
      json.put("priority", request.getPriority());
    }
    return ConversationInputs.create(json.toBuffer());
  }

  static Change change(UpdateConversationRequest request) {
    JsonObject json = new JsonObject();
    if (request.hasStatus()) {
      json.put("status", request.getStatus());
    }
    if (request.hasPriority()) {
      json.put("priority", orNull(request.getPriority()));
    }
    if (request.getSetLabels()) {
      json.put("labels", new JsonArray(request.getLabelsList()));
    }
    if (request.hasAssigneeId()) {
      json.put("assignee_id", orNull(request.getAssigneeId()));
    }
    if (request.hasTeamId()) {
      json.put("team_id", orNull(request.getTeamId()));
    }
    return ConversationInputs.change(changes(json));
  }

  /** {@code json} as an update's body; refused when it changes nothing. */
  static Buffer changes(JsonObject json) {
    if (json.isEmpty()) {
      throw new Invalid("an update must change at least one field");
    }
    return json.toBuffer();
  }

  /** The version an update is based on; versions start at 1, so 0 means it was not sent. */
  static long expectedVersion(long version) {
    if (version < 1) {
      throw Invalid.field(
          CallInput.EXPECTED_VERSION, "must be the version the change is based on, 1 or more");
    }
    return version;
  }

  /**
   * Reads a list request with the REST check {@code read} of its query parameters, and names the
   * refused ones as the request does ({@code page_size}, {@code page_token}).
   */
  static <Q> Q listQuery(Message request, Function<MultiMap, Q> read) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    ProtoJson.toJson(request)
        .forEach(
            e ->
                params.add(
                    REST_PARAM_NAMES.getOrDefault(e.getKey(), e.getKey()),
                    e.getValue().toString()));
    try {
      return read.apply(params);
    } catch (Invalid refused) {
      throw new Invalid(
          refused.detail(),
          refused.fieldErrors().stream()
              .map(
                  e ->
                      new FieldError(
                          LIST_FIELD_NAMES.getOrDefault(e.field(), e.field()), e.reason()))
              .toList());
    }
  }

  static NewMessage newMessage(AppendMessageRequest request) {
    JsonObject json =
        new JsonObject().put("body", request.getBody()).put("private", request.getPrivate());
    if (!request.getClientMessageId().isEmpty()) {
      json.put("client_message_id", request.getClientMessageId());
    }
    return MessageRoutes.newMessage(JsonInput.of(json));
  }

  /**
   * The {@code after_offset} and page size of a message list.
   *
   * @param afterOffset only messages after this offset
   * @param limit page size
   */
  record MessagePage(long afterOffset, int limit) {}

  static MessagePage messagePage(ListMessagesRequest request) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    params.add("after_offset", Long.toString(request.getAfterOffset()));
    if (request.getLimit() != 0) {
      params.add("limit", Integer.toString(request.getLimit()));
    }
    QueryInput in = QueryInput.of(params, MESSAGE_LIST_PARAMS);
    MessagePage page =
        new MessagePage(
            in.integer("after_offset", 0, Long.MAX_VALUE, 0),
            (int) in.integer("limit", 1, MessageRoutes.MAX_LIMIT, MessageRoutes.DEFAULT_LIMIT));
    in.check();
    return page;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
