package io.switchboard.crud.grpc;

import io.switchboard.crud.conversation.ConversationInputs;
import io.switchboard.crud.conversation.ConversationInputs.Change;
import io.switchboard.crud.conversation.ConversationInputs.ListQuery;
import io.switchboard.crud.conversation.ConversationInputs.NewConversation;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.http.Uuids;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.message.MessageStore.NewMessage;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.protos.crud.v1.AppendMessageRequest;
import io.switchboard.protos.crud.v1.AppendMessageResponse;
import io.switchboard.protos.crud.v1.Conversation;
import io.switchboard.protos.crud.v1.ConversationServiceGrpcService;
import io.switchboard.protos.crud.v1.CreateConversationRequest;
import io.switchboard.protos.crud.v1.GetConversationRequest;
import io.switchboard.protos.crud.v1.ListConversationsRequest;
import io.switchboard.protos.crud.v1.ListConversationsResponse;
import io.switchboard.protos.crud.v1.ListMessagesRequest;
import io.switchboard.protos.crud.v1.ListMessagesResponse;
import io.switchboard.protos.crud.v1.UpdateConversationRequest;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.ConversationService}: conversations and messages
 * through the same stores, tenant transactions and visibility rules as their REST resources.
 */
final class ConversationGrpcService {

  /** Roles that may change a conversation, as on the REST {@code PATCH} route. */
  private static final Set<Role> EDITORS =
      EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);

  private final TenantWork work;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final MessageBatcher batcher;

  ConversationGrpcService(
      TenantWork work,
      ConversationStore conversations,
      MessageStore messages,
      MessageBatcher batcher) {
    this.work = work;
    this.batcher = batcher;
    this.conversations = conversations;
    this.messages = messages;
  }

  /** Binds every method of the service. */
  void bind(UnaryCalls calls) {
    calls.bind(ConversationServiceGrpcService.GetConversation, this::getConversation);
    calls.bind(ConversationServiceGrpcService.ListConversations, this::listConversations);
    calls.bind(ConversationServiceGrpcService.CreateConversation, this::createConversation);
    calls.bind(ConversationServiceGrpcService.UpdateConversation, this::updateConversation);
    calls.bind(ConversationServiceGrpcService.AppendMessage, this::appendMessage);
    calls.bind(ConversationServiceGrpcService.ListMessages, this::listMessages);
  }

  private Future<Conversation> getConversation(Caller caller, GetConversationRequest request) {
    UUID id = Uuids.parse("id", request.getId());
    return work.read(caller, tx -> conversations.find(tx, caller, id))
        .map(ProtoMapping::conversation);
  }

  private Future<ListConversationsResponse> listConversations(
      Caller caller, ListConversationsRequest request) {
    ListQuery query = GrpcInputs.listQuery(request, ConversationInputs::list);
    return work.read(caller, tx -> conversations.list(tx, caller, query)).map(ProtoMapping::page);
  }

  private Future<Conversation> createConversation(
      Caller caller, CreateConversationRequest request) {
    NewConversation created = GrpcInputs.newConversation(request);
    return work.write(caller, tx -> conversations.create(tx, caller, created))
        .map(ProtoMapping::conversation);
  }

  private Future<Conversation> updateConversation(
      Caller caller, UpdateConversationRequest request) {
    if (EDITORS.stream().noneMatch(caller::has)) {
      throw new Forbidden("requires one of the roles: agent, supervisor, admin, service");
    }
    UUID id = Uuids.parse("id", request.getId());
    long version = GrpcInputs.expectedVersion(request.getExpectedVersion());
    Change change = GrpcInputs.change(request);
    return work.write(caller, tx -> conversations.update(tx, caller, id, version, change))
        .map(ProtoMapping::conversation);
  }

  private Future<AppendMessageResponse> appendMessage(Caller caller, AppendMessageRequest request) {
    UUID id = Uuids.parse("conversation_id", request.getConversationId());
    NewMessage message = GrpcInputs.newMessage(request);
    return batcher.append(caller, id, message).map(ProtoMapping::appended);
  }

  private Future<ListMessagesResponse> listMessages(Caller caller, ListMessagesRequest request) {
    UUID id = Uuids.parse("conversation_id", request.getConversationId());
    GrpcInputs.MessagePage page = GrpcInputs.messagePage(request);
    return work.read(caller, tx -> messages.list(tx, caller, id, page.afterOffset(), page.limit()))
        .map(ProtoMapping::messages);
  }
}
