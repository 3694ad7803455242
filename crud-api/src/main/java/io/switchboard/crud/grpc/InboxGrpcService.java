package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.member;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.withBody;

import io.switchboard.crud.inbox.InboxRoutes;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.inbox.MemberRoutes;
import io.switchboard.crud.inbox.MemberStore;
import io.switchboard.protos.crud.v1.Inbox;
import io.switchboard.protos.crud.v1.InboxServiceGrpcService;
import io.switchboard.protos.crud.v1.ListInboxMembersResponse;

/**
 * The gRPC service {@code switchboard.crud.v1.InboxService}: inboxes and their members, over the
 * stores of the REST resources.
 */
final class InboxGrpcService {

  private final InboxStore inboxes;
  private final MemberStore members;

  InboxGrpcService(InboxStore inboxes, MemberStore members) {
    this.inboxes = inboxes;
    this.members = members;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Inbox reply = Inbox.getDefaultInstance();
    calls.read(
        InboxServiceGrpcService.GetInbox,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> inboxes.find(tx, id).map(i -> i.toJson())));
    calls.create(
        InboxServiceGrpcService.CreateInbox,
        reply,
        RoleChecks.ADMINS,
        withBody(
            InboxRoutes::newInbox,
            (tx, caller, created) -> inboxes.create(tx, caller, created).map(i -> i.toJson())));
    calls.read(
        InboxServiceGrpcService.ListInboxMembers,
        ListInboxMembersResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        onId(
            (tx, caller, id) ->
                members
                    .list(tx, id, MemberRoutes.MAX_MEMBERS)
                    .map(users -> ResourceCalls.page("members", users, null, u -> u.toJson()))));
    calls.write(
        InboxServiceGrpcService.AddInboxMember, NOTHING, RoleChecks.ADMINS, member(members::add));
    calls.write(
        InboxServiceGrpcService.RemoveInboxMember,
        NOTHING,
        RoleChecks.ADMINS,
        member(members::remove));
  }
}
