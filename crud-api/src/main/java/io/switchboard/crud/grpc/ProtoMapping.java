package io.switchboard.crud.grpc;

import com.google.protobuf.Timestamp;
import io.switchboard.crud.conversation.Conversation;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.message.Message;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.protos.crud.v1.AppendMessageResponse;
import io.switchboard.protos.crud.v1.ListConversationsResponse;
import io.switchboard.protos.crud.v1.ListMessagesResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Turns the stored records into the messages of {@code switchboard.crud.v1}; absent ids and
 * priorities become empty strings, as proto3 has no null.
 */
final class ProtoMapping {

  private ProtoMapping() {}

  static io.switchboard.protos.crud.v1.Conversation conversation(Conversation c) {
    return io.switchboard.protos.crud.v1.Conversation.newBuilder()
        .setId(c.id().toString())
        .setInboxId(c.inboxId().toString())
        .setContactId(c.contactId().toString())
        .setAssigneeId(text(c.assigneeId()))
        .setTeamId(text(c.teamId()))
        .setStatus(c.status())
        .setPriority(c.priority() == null ? "" : c.priority())
        .addAllLabels(c.labels())
        .setChannel(c.channel())
        .setLastOffset(c.lastOffset())
        .setCreatedAt(timestamp(c.createdAt()))
        .setUpdatedAt(timestamp(c.updatedAt()))
        .setVersion(c.version())
        .build();
  }

  static ListConversationsResponse page(ConversationStore.Page page) {
    ListConversationsResponse.Builder response = ListConversationsResponse.newBuilder();
    page.items().forEach(c -> response.addConversations(conversation(c)));
    return response.setNextPageToken(page.next() == null ? "" : page.next().encode()).build();
  }

  static io.switchboard.protos.crud.v1.Message message(Message m) {
    return io.switchboard.protos.crud.v1.Message.newBuilder()
        .setId(m.id().toString())
        .setConversationId(m.conversationId().toString())
        .setOffset(m.offset())
        .setAuthorKind(m.authorKind())
        .setAuthorId(m.authorId())
        .setBody(m.body())
        .setPrivate(m.isPrivate())
        .setClientMessageId(m.clientMessageId() == null ? "" : m.clientMessageId())
        .setCreatedAt(timestamp(m.createdAt()))
        .build();
  }

  static AppendMessageResponse appended(MessageStore.Appended appended) {
    return AppendMessageResponse.newBuilder()
        .setMessage(message(appended.message()))
        .setCreated(appended.created())
        .build();
  }

  static ListMessagesResponse messages(List<Message> messages) {
    ListMessagesResponse.Builder response = ListMessagesResponse.newBuilder();
    messages.forEach(m -> response.addMessages(message(m)));
    return response.build();
  }

  private static String text(UUID id) {
    return id == null ? "" : id.toString();
  }

  private static Timestamp timestamp(OffsetDateTime at) {
    Instant instant = at.toInstant();
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
