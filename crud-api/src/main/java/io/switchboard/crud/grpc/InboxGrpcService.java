package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.inbox.InboxRoutes;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.inbox.MemberRoutes;
import io.switchboard.crud.inbox.MemberStore;
import io.switchboard.protos.crud.v1.CreateInboxRequest;
import io.switchboard.protos.crud.v1.GetInboxRequest;
import io.switchboard.protos.crud.v1.Inbox;
import io.switchboard.protos.crud.v1.InboxMemberRequest;
import io.switchboard.protos.crud.v1.InboxServiceGrpcService;
import io.switchboard.protos.crud.v1.ListInboxMembersRequest;
import io.switchboard.protos.crud.v1.ListInboxMembersResponse;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.InboxService}: inboxes and their members, over the
 * stores of the REST resources.
 */
final class InboxGrpcService {

  private static final Inbox REPLY = Inbox.getDefaultInstance();

  private final InboxStore inboxes;
  private final MemberStore members;

  InboxGrpcService(InboxStore inboxes, MemberStore members) {
    this.inboxes = inboxes;
    this.members = members;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(InboxServiceGrpcService.GetInbox, REPLY, RoleChecks.STAFF, this::get);
    calls.create(InboxServiceGrpcService.CreateInbox, REPLY, RoleChecks.ADMINS, this::create);
    calls.read(
        InboxServiceGrpcService.ListInboxMembers,
        ListInboxMembersResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::listMembers);
    calls.write(
        InboxServiceGrpcService.AddInboxMember,
        Empty.getDefaultInstance(),
        RoleChecks.ADMINS,
        this::addMember);
    calls.write(
        InboxServiceGrpcService.RemoveInboxMember,
        Empty.getDefaultInstance(),
        RoleChecks.ADMINS,
        this::removeMember);
  }

  private Statements get(CallInput<GetInboxRequest> call) {
    UUID id = call.id();
    return tx -> inboxes.find(tx, id).map(inbox -> inbox.toJson());
  }

  private Statements create(CallInput<CreateInboxRequest> call) {
    InboxRoutes.NewInbox created = InboxRoutes.newInbox(call.body());
    return tx ->
        inboxes
            .create(tx, call.caller(), created.name(), created.channel())
            .map(inbox -> inbox.toJson());
  }

  private Statements listMembers(CallInput<ListInboxMembersRequest> call) {
    UUID id = call.id();
    return tx ->
        members
            .list(tx, id, MemberRoutes.MAX_MEMBERS)
            .map(users -> ResourceCalls.page("members", users, null, user -> user.toJson()));
  }

  private Statements addMember(CallInput<InboxMemberRequest> call) {
    UUID id = call.id();
    UUID user = call.uuid("user_id");
    return tx -> members.add(tx, call.caller(), id, user).map(ResourceCalls::none);
  }

  private Statements removeMember(CallInput<InboxMemberRequest> call) {
    UUID id = call.id();
    UUID user = call.uuid("user_id");
    return tx -> members.remove(tx, call.caller(), id, user).map(ResourceCalls::none);
  }
}
