package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.GrpcFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.crud.v1.AppendTranscriptRequest;
import io.switchboard.protos.crud.v1.Call;
import io.switchboard.protos.crud.v1.CallServiceGrpc;
import io.switchboard.protos.crud.v1.CannedResponse;
import io.switchboard.protos.crud.v1.CannedResponseServiceGrpc;
import io.switchboard.protos.crud.v1.Contact;
import io.switchboard.protos.crud.v1.ContactServiceGrpc;
import io.switchboard.protos.crud.v1.CreateCallRequest;
import io.switchboard.protos.crud.v1.CreateCannedResponseRequest;
import io.switchboard.protos.crud.v1.CreateContactRequest;
import io.switchboard.protos.crud.v1.CreateInboxRequest;
import io.switchboard.protos.crud.v1.CreateKbArticleRequest;
import io.switchboard.protos.crud.v1.CreateTeamRequest;
import io.switchboard.protos.crud.v1.CreateTicketRequest;
import io.switchboard.protos.crud.v1.CreateUserRequest;
import io.switchboard.protos.crud.v1.DeleteCannedResponseRequest;
import io.switchboard.protos.crud.v1.DeleteKbArticleRequest;
import io.switchboard.protos.crud.v1.DeleteTeamRequest;
import io.switchboard.protos.crud.v1.DeleteTicketRequest;
import io.switchboard.protos.crud.v1.DeleteUserRequest;
import io.switchboard.protos.crud.v1.GetCallRequest;
import io.switchboard.protos.crud.v1.GetCannedResponseRequest;
import io.switchboard.protos.crud.v1.GetContactRequest;
import io.switchboard.protos.crud.v1.GetInboxRequest;
import io.switchboard.protos.crud.v1.GetKbArticleRequest;
import io.switchboard.protos.crud.v1.GetTeamRequest;
import io.switchboard.protos.crud.v1.GetTenantRequest;
import io.switchboard.protos.crud.v1.GetTicketRequest;
import io.switchboard.protos.crud.v1.GetUserRequest;
import io.switchboard.protos.crud.v1.Inbox;
import io.switchboard.protos.crud.v1.InboxMemberRequest;
import io.switchboard.protos.crud.v1.InboxServiceGrpc;
import io.switchboard.protos.crud.v1.KbArticle;
import io.switchboard.protos.crud.v1.KbArticleServiceGrpc;
import io.switchboard.protos.crud.v1.ListCallsRequest;
import io.switchboard.protos.crud.v1.ListCannedResponsesRequest;
import io.switchboard.protos.crud.v1.ListInboxMembersRequest;
import io.switchboard.protos.crud.v1.ListKbArticlesRequest;
import io.switchboard.protos.crud.v1.ListTeamsRequest;
import io.switchboard.protos.crud.v1.ListTeamsResponse;
import io.switchboard.protos.crud.v1.ListTicketsRequest;
import io.switchboard.protos.crud.v1.ListTicketsResponse;
import io.switchboard.protos.crud.v1.ListUsersRequest;
import io.switchboard.protos.crud.v1.Team;
import io.switchboard.protos.crud.v1.TeamMemberRequest;
import io.switchboard.protos.crud.v1.TeamServiceGrpc;
import io.switchboard.protos.crud.v1.Tenant;
import io.switchboard.protos.crud.v1.TenantServiceGrpc;
import io.switchboard.protos.crud.v1.Ticket;
import io.switchboard.protos.crud.v1.TicketServiceGrpc;
import io.switchboard.protos.crud.v1.TranscriptSegment;
import io.switchboard.protos.crud.v1.UpdateCallRequest;
import io.switchboard.protos.crud.v1.UpdateCannedResponseRequest;
import io.switchboard.protos.crud.v1.UpdateKbArticleRequest;
import io.switchboard.protos.crud.v1.UpdateTeamRequest;
import io.switchboard.protos.crud.v1.UpdateTenantRequest;
import io.switchboard.protos.crud.v1.UpdateTicketRequest;
import io.switchboard.protos.crud.v1.UpdateUserRequest;
import io.switchboard.protos.crud.v1.User;
import io.switchboard.protos.crud.v1.UserServiceGrpc;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Tenant data over gRPC: each service creates, reads, lists, changes and deletes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceGrpcRoundTripTest {

  @RegisterExtension static final GrpcFixture fixture = new GrpcFixture();

  @Test
  @DisplayName("tickets: opened with a deadline, paged, filtered, solved, deleted by a supervisor")
  void tickets() {
    String tenant = GrpcFixture.newTenant("rt-ticket");
    String agent = TestTokens.mint(tenant, "agent-1", Role.AGENT);
    String supervisor = TestTokens.mint(tenant, "super-1", Role.SUPERVISOR);
    Ticket created =
        fixture
            .stub(TicketServiceGrpc::newBlockingStub, agent)
            .createTicket(
                CreateTicketRequest.newBuilder()
                    .setSubject("Printer on fire")
                    .setPriority("urgent")
                    .setSlaDueAt("2020-01-31T12:00:00Z")
                    .build());
    fixture
        .stub(TicketServiceGrpc::newBlockingStub, agent)
        .createTicket(CreateTicketRequest.newBuilder().setSubject("Paper jam").build());
    String key = "ticket-key-" + tenant;
    CreateTicketRequest jam = CreateTicketRequest.newBuilder().setSubject("Paper jam").build();
    Ticket keyed = fixture.stub(TicketServiceGrpc::newBlockingStub, agent, key).createTicket(jam);
    assertThat(fixture.stub(TicketServiceGrpc::newBlockingStub, agent, key).createTicket(jam))
        .isEqualTo(keyed);
    String reused =
        refused(
            Status.Code.ALREADY_EXISTS,
            () ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, agent, key)
                    .createTicket(jam.toBuilder().setPriority("low").build()));
    assertThat(reused).contains("Idempotency-Key was already used for a different request");
    fixture
        .stub(TicketServiceGrpc::newBlockingStub, supervisor)
        .deleteTicket(DeleteTicketRequest.newBuilder().setId(keyed.getId()).build());

    Ticket read =
        fixture
            .stub(TicketServiceGrpc::newBlockingStub, agent)
            .getTicket(GetTicketRequest.newBuilder().setId(created.getId()).build());
    assertThat(read).isEqualTo(created);
    assertThat(read.getSubject()).isEqualTo("Printer on fire");
    assertThat(read.getStatus()).isEqualTo("open");
    assertThat(read.getPriority()).isEqualTo("urgent");
    assertThat(read.getSlaDueAt().getSeconds())
        .isEqualTo(Instant.parse("2020-01-31T12:00:00Z").getEpochSecond());
    assertThat(read.getAssigneeId()).isEmpty();
    assertThat(read.getVersion()).isEqualTo(1);

    ListTicketsResponse first =
        fixture
            .stub(TicketServiceGrpc::newBlockingStub, agent)
            .listTickets(ListTicketsRequest.newBuilder().setPageSize(1).build());
    assertThat(first.getTicketsList())
        .extracting(Ticket::getSubject)
        .containsExactly("Printer on fire");
    ListTicketsResponse second =
        fixture
            .stub(TicketServiceGrpc::newBlockingStub, agent)
            .listTickets(
                ListTicketsRequest.newBuilder()
                    .setPageSize(1)
                    .setPageToken(first.getNextPageToken())
                    .build());
    assertThat(second.getTicketsList()).extracting(Ticket::getSubject).containsExactly("Paper jam");
    assertThat(second.getNextPageToken()).isEmpty();
    assertThat(
            fixture
                .stub(TicketServiceGrpc::newBlockingStub, agent)
                .listTickets(ListTicketsRequest.newBuilder().setOverdue(true).build())
                .getTicketsList())
        .extracting(Ticket::getId)
        .containsExactly(created.getId());
    String badSize =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, agent)
                    .listTickets(ListTicketsRequest.newBuilder().setPageSize(101).build()));
    assertThat(badSize).contains("page_size");

    Ticket solved =
        fixture
            .stub(TicketServiceGrpc::newBlockingStub, agent)
            .updateTicket(
                UpdateTicketRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(1)
                    .setStatus("solved")
                    .setSlaDueAt("")
                    .build());
    assertThat(solved.getStatus()).isEqualTo("solved");
    assertThat(solved.hasSlaDueAt()).isFalse();
    assertThat(solved.getVersion()).isEqualTo(2);

    DeleteTicketRequest delete = DeleteTicketRequest.newBuilder().setId(created.getId()).build();
    refused(
        Status.Code.PERMISSION_DENIED,
        () -> fixture.stub(TicketServiceGrpc::newBlockingStub, agent).deleteTicket(delete));
    fixture.stub(TicketServiceGrpc::newBlockingStub, supervisor).deleteTicket(delete);
    refused(
        Status.Code.NOT_FOUND,
        () ->
            fixture
                .stub(TicketServiceGrpc::newBlockingStub, agent)
                .getTicket(GetTicketRequest.newBuilder().setId(created.getId()).build()));
  }

  @Test
  @DisplayName("kb articles: tags and locale kept, unpublished ones hidden from customers")
  void kbArticles() {
    String tenant = GrpcFixture.newTenant("rt-kb");
    String editor = TestTokens.mint(tenant, "super-1", Role.SUPERVISOR);
    String customer = TestTokens.mint(tenant, "cust-1", Role.CUSTOMER);
    KbArticle created =
        fixture
            .stub(KbArticleServiceGrpc::newBlockingStub, editor)
            .createKbArticle(
                CreateKbArticleRequest.newBuilder()
                    .setTitle("Resetting a password")
                    .setBody("Click forgot.")
                    .addTags("account")
                    .addTags("login")
                    .setLocale("pt-BR")
                    .build());
    assertThat(created.getTagsList()).containsExactly("account", "login");
    assertThat(created.getLocale()).isEqualTo("pt-BR");
    assertThat(created.getPublished()).isFalse();
    GetKbArticleRequest get = GetKbArticleRequest.newBuilder().setId(created.getId()).build();
    refused(
        Status.Code.NOT_FOUND,
        () -> fixture.stub(KbArticleServiceGrpc::newBlockingStub, customer).getKbArticle(get));

    KbArticle published =
        fixture
            .stub(KbArticleServiceGrpc::newBlockingStub, editor)
            .updateKbArticle(
                UpdateKbArticleRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(1)
                    .setPublished(true)
                    .setSetTags(true)
                    .build());
    assertThat(published.getPublished()).isTrue();
    assertThat(published.getTagsList()).isEmpty();
    assertThat(published.getTitle()).isEqualTo("Resetting a password");
    assertThat(
            fixture
                .stub(KbArticleServiceGrpc::newBlockingStub, customer)
                .getKbArticle(get)
                .getBody())
        .isEqualTo("Click forgot.");
    assertThat(
            fixture
                .stub(KbArticleServiceGrpc::newBlockingStub, customer)
                .listKbArticles(ListKbArticlesRequest.newBuilder().setLocale("pt-BR").build())
                .getKbArticlesList())
        .extracting(KbArticle::getId)
        .containsExactly(created.getId());

    DeleteKbArticleRequest delete =
        DeleteKbArticleRequest.newBuilder().setId(created.getId()).build();
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            fixture.stub(KbArticleServiceGrpc::newBlockingStub, customer).deleteKbArticle(delete));
    fixture.stub(KbArticleServiceGrpc::newBlockingStub, editor).deleteKbArticle(delete);
    refused(
        Status.Code.NOT_FOUND,
        () -> fixture.stub(KbArticleServiceGrpc::newBlockingStub, editor).getKbArticle(get));
  }

  @Test
  @DisplayName("canned responses: found by short-code prefix, a taken code is ALREADY_EXISTS")
  void cannedResponses() {
    String tenant = GrpcFixture.newTenant("rt-canned");
    String editor = TestTokens.mint(tenant, "super-1", Role.SUPERVISOR);
    String agent = TestTokens.mint(tenant, "agent-1", Role.AGENT);
    CreateCannedResponseRequest greeting =
        CreateCannedResponseRequest.newBuilder()
            .setShortCode("hello")
            .setContent("Hi there!")
            .build();
    CannedResponse created =
        fixture
            .stub(CannedResponseServiceGrpc::newBlockingStub, editor)
            .createCannedResponse(greeting);
    fixture
        .stub(CannedResponseServiceGrpc::newBlockingStub, editor)
        .createCannedResponse(
            CreateCannedResponseRequest.newBuilder()
                .setShortCode("bye")
                .setContent("Bye!")
                .build());
    refused(
        Status.Code.ALREADY_EXISTS,
        () ->
            fixture
                .stub(CannedResponseServiceGrpc::newBlockingStub, editor)
                .createCannedResponse(greeting));
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            fixture
                .stub(CannedResponseServiceGrpc::newBlockingStub, agent)
                .createCannedResponse(greeting));

    assertThat(
            fixture
                .stub(CannedResponseServiceGrpc::newBlockingStub, agent)
                .listCannedResponses(ListCannedResponsesRequest.newBuilder().setQ("he").build())
                .getCannedResponsesList())
        .extracting(CannedResponse::getContent)
        .containsExactly("Hi there!");
    CannedResponse changed =
        fixture
            .stub(CannedResponseServiceGrpc::newBlockingStub, editor)
            .updateCannedResponse(
                UpdateCannedResponseRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(1)
                    .setContent("Hello!")
                    .build());
    assertThat(changed.getShortCode()).isEqualTo("hello");
    assertThat(changed.getContent()).isEqualTo("Hello!");
    GetCannedResponseRequest get =
        GetCannedResponseRequest.newBuilder().setId(created.getId()).build();
    assertThat(
            fixture.stub(CannedResponseServiceGrpc::newBlockingStub, agent).getCannedResponse(get))
        .isEqualTo(changed);

    fixture
        .stub(CannedResponseServiceGrpc::newBlockingStub, editor)
        .deleteCannedResponse(
            DeleteCannedResponseRequest.newBuilder().setId(created.getId()).build());
    refused(
        Status.Code.NOT_FOUND,
        () ->
            fixture.stub(CannedResponseServiceGrpc::newBlockingStub, agent).getCannedResponse(get));
  }

  @Test
  @DisplayName("calls: answered, transcribed, ended; a step back is ALREADY_EXISTS like REST's 409")
  void calls() {
    String tenant = GrpcFixture.newTenant("rt-call");
    String service = TestTokens.mint(tenant, "voice-agent", Role.SERVICE);
    Call created =
        fixture
            .stub(CallServiceGrpc::newBlockingStub, service)
            .createCall(CreateCallRequest.newBuilder().setDirection("outbound").build());
    assertThat(created.getState()).isEqualTo("ringing");
    assertThat(created.getDirection()).isEqualTo("outbound");
    assertThat(created.hasAnsweredAt()).isFalse();

    Call answered =
        fixture
            .stub(CallServiceGrpc::newBlockingStub, service)
            .updateCall(
                UpdateCallRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(1)
                    .setState("in-progress")
                    .build());
    assertThat(answered.getState()).isEqualTo("in-progress");
    assertThat(answered.hasAnsweredAt()).isTrue();

    Call transcribed =
        fixture
            .stub(CallServiceGrpc::newBlockingStub, service)
            .appendTranscript(
                AppendTranscriptRequest.newBuilder()
                    .setId(created.getId())
                    .addSegments(segment("contact", "Hello?", 0, 900))
                    .addSegments(segment("bot", "Hi, how can I help?", 1000, 2500))
                    .build());
    assertThat(transcribed.getTranscriptList())
        .containsExactly(
            segment("contact", "Hello?", 0, 900),
            segment("bot", "Hi, how can I help?", 1000, 2500));
    String badSpeaker =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                fixture
                    .stub(CallServiceGrpc::newBlockingStub, service)
                    .appendTranscript(
                        AppendTranscriptRequest.newBuilder()
                            .setId(created.getId())
                            .addSegments(segment("robot", "?", 0, 1))
                            .build()));
    assertThat(badSpeaker).contains("segments[0].speaker");

    Call ended =
        fixture
            .stub(CallServiceGrpc::newBlockingStub, service)
            .updateCall(
                UpdateCallRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(transcribed.getVersion())
                    .setState("ended")
                    .setRecordingRef("s3://recordings/1.wav")
                    .build());
    assertThat(ended.hasEndedAt()).isTrue();
    assertThat(ended.getRecordingRef()).isEqualTo("s3://recordings/1.wav");
    assertThat(ended.getTranscriptCount()).isEqualTo(2);
    refused(
        Status.Code.ALREADY_EXISTS,
        () ->
            fixture
                .stub(CallServiceGrpc::newBlockingStub, service)
                .updateCall(
                    UpdateCallRequest.newBuilder()
                        .setId(created.getId())
                        .setExpectedVersion(ended.getVersion())
                        .setState("ringing")
                        .build()));
    assertThat(
            fixture
                .stub(CallServiceGrpc::newBlockingStub, service)
                .getCall(GetCallRequest.newBuilder().setId(created.getId()).build()))
        .isEqualTo(ended);
    assertThat(
            fixture
                .stub(CallServiceGrpc::newBlockingStub, service)
                .listCalls(ListCallsRequest.newBuilder().setState("ended").build())
                .getCallsList())
        .extracting(Call::getId)
        .containsExactly(created.getId());
  }

  @Test
  @DisplayName("teams: created, listed, renamed, given members and deleted by admins only")
  void teams() {
    String tenant = GrpcFixture.newTenant("rt-team");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    String agent = TestTokens.mint(tenant, "agent-1", Role.AGENT);
    Team created =
        fixture
            .stub(TeamServiceGrpc::newBlockingStub, admin)
            .createTeam(CreateTeamRequest.newBuilder().setName("Billing").build());
    refused(
        Status.Code.ALREADY_EXISTS,
        () ->
            fixture
                .stub(TeamServiceGrpc::newBlockingStub, admin)
                .createTeam(CreateTeamRequest.newBuilder().setName("Billing").build()));
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            fixture
                .stub(TeamServiceGrpc::newBlockingStub, agent)
                .createTeam(CreateTeamRequest.newBuilder().setName("Sales").build()));

    Team renamed =
        fixture
            .stub(TeamServiceGrpc::newBlockingStub, admin)
            .updateTeam(
                UpdateTeamRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(1)
                    .setName("Billing EMEA")
                    .build());
    assertThat(renamed.getName()).isEqualTo("Billing EMEA");
    ListTeamsResponse listed =
        fixture
            .stub(TeamServiceGrpc::newBlockingStub, agent)
            .listTeams(ListTeamsRequest.getDefaultInstance());
    assertThat(listed.getTeamsList()).containsExactly(renamed);

    User user = newUser(admin, "agent-1", "agent");
    TeamMemberRequest member =
        TeamMemberRequest.newBuilder().setId(created.getId()).setUserId(user.getId()).build();
    fixture.stub(TeamServiceGrpc::newBlockingStub, admin).addTeamMember(member);
    fixture.stub(TeamServiceGrpc::newBlockingStub, admin).addTeamMember(member);
    assertThat(fixture.count(tenant, "team_members")).isEqualTo(1);
    fixture.stub(TeamServiceGrpc::newBlockingStub, admin).removeTeamMember(member);
    assertThat(fixture.count(tenant, "team_members")).isZero();
    String badUser =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                fixture
                    .stub(TeamServiceGrpc::newBlockingStub, admin)
                    .addTeamMember(member.toBuilder().setUserId("nope").build()));
    assertThat(badUser).contains("user_id: must be a UUID");
    refused(
        Status.Code.NOT_FOUND,
        () ->
            fixture
                .stub(TeamServiceGrpc::newBlockingStub, admin)
                .addTeamMember(member.toBuilder().setUserId(UUID.randomUUID().toString()).build()));

    fixture
        .stub(TeamServiceGrpc::newBlockingStub, admin)
        .deleteTeam(DeleteTeamRequest.newBuilder().setId(created.getId()).build());
    refused(
        Status.Code.NOT_FOUND,
        () ->
            fixture
                .stub(TeamServiceGrpc::newBlockingStub, agent)
                .getTeam(GetTeamRequest.newBuilder().setId(created.getId()).build()));
  }

  @Test
  @DisplayName("users: admins manage them; an agent sets only their own availability")
  void users() {
    String tenant = GrpcFixture.newTenant("rt-user");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    String agent = TestTokens.mint(tenant, "agent-7", Role.AGENT);
    User self = newUser(admin, "agent-7", "agent");
    User other = newUser(admin, "agent-8", "agent");
    assertThat(self.getName()).isEqualTo("Name of agent-7");
    assertThat(self.getEmail()).isEqualTo("agent-7@example.com");
    assertThat(self.getRole()).isEqualTo("agent");
    assertThat(self.getAvailability()).isEqualTo("offline");

    User busy =
        fixture
            .stub(UserServiceGrpc::newBlockingStub, agent)
            .updateUser(
                UpdateUserRequest.newBuilder()
                    .setId(self.getId())
                    .setExpectedVersion(1)
                    .setAvailability("busy")
                    .build());
    assertThat(busy.getAvailability()).isEqualTo("busy");
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            fixture
                .stub(UserServiceGrpc::newBlockingStub, agent)
                .updateUser(
                    UpdateUserRequest.newBuilder()
                        .setId(other.getId())
                        .setExpectedVersion(1)
                        .setAvailability("busy")
                        .build()));
    User promoted =
        fixture
            .stub(UserServiceGrpc::newBlockingStub, admin)
            .updateUser(
                UpdateUserRequest.newBuilder()
                    .setId(other.getId())
                    .setExpectedVersion(1)
                    .setRole("supervisor")
                    .setEmail("")
                    .build());
    assertThat(promoted.getRole()).isEqualTo("supervisor");
    assertThat(promoted.getEmail()).isEmpty();

    assertThat(
            fixture
                .stub(UserServiceGrpc::newBlockingStub, agent)
                .listUsers(ListUsersRequest.newBuilder().setPageSize(1).build())
                .getUsersCount())
        .isEqualTo(1);
    assertThat(
            fixture
                .stub(UserServiceGrpc::newBlockingStub, agent)
                .listUsers(ListUsersRequest.getDefaultInstance())
                .getUsersList())
        .extracting(User::getExternalId)
        .containsExactlyInAnyOrder("agent-7", "agent-8");

    DeleteUserRequest delete = DeleteUserRequest.newBuilder().setId(other.getId()).build();
    refused(
        Status.Code.PERMISSION_DENIED,
        () -> fixture.stub(UserServiceGrpc::newBlockingStub, agent).deleteUser(delete));
    fixture.stub(UserServiceGrpc::newBlockingStub, admin).deleteUser(delete);
    refused(
        Status.Code.NOT_FOUND,
        () ->
            fixture
                .stub(UserServiceGrpc::newBlockingStub, admin)
                .getUser(GetUserRequest.newBuilder().setId(other.getId()).build()));
  }

  @Test
  @DisplayName("inboxes and contacts: created, read, and an inbox's members added and removed")
  void inboxesAndContacts() {
    String tenant = GrpcFixture.newTenant("rt-inbox");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    String agent = TestTokens.mint(tenant, "agent-1", Role.AGENT);
    Inbox inbox =
        fixture
            .stub(InboxServiceGrpc::newBlockingStub, admin)
            .createInbox(
                CreateInboxRequest.newBuilder().setName("Sales").setChannel("voice").build());
    assertThat(
            fixture
                .stub(InboxServiceGrpc::newBlockingStub, agent)
                .getInbox(GetInboxRequest.newBuilder().setId(inbox.getId()).build()))
        .isEqualTo(inbox);
    assertThat(inbox.getChannel()).isEqualTo("voice");
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            fixture
                .stub(InboxServiceGrpc::newBlockingStub, agent)
                .createInbox(
                    CreateInboxRequest.newBuilder().setName("X").setChannel("chat").build()));

    User user = newUser(admin, "agent-1", "agent");
    InboxMemberRequest member =
        InboxMemberRequest.newBuilder().setId(inbox.getId()).setUserId(user.getId()).build();
    fixture.stub(InboxServiceGrpc::newBlockingStub, admin).addInboxMember(member);
    ListInboxMembersRequest list =
        ListInboxMembersRequest.newBuilder().setId(inbox.getId()).build();
    assertThat(
            fixture
                .stub(InboxServiceGrpc::newBlockingStub, agent)
                .listInboxMembers(list)
                .getMembersList())
        .containsExactly(user);
    String unknownUser =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                fixture
                    .stub(InboxServiceGrpc::newBlockingStub, admin)
                    .addInboxMember(
                        member.toBuilder().setUserId(UUID.randomUUID().toString()).build()));
    assertThat(unknownUser).contains("user_id");
    refused(
        Status.Code.PERMISSION_DENIED,
        () -> fixture.stub(InboxServiceGrpc::newBlockingStub, agent).removeInboxMember(member));
    fixture.stub(InboxServiceGrpc::newBlockingStub, admin).removeInboxMember(member);
    assertThat(
            fixture
                .stub(InboxServiceGrpc::newBlockingStub, agent)
                .listInboxMembers(list)
                .getMembersList())
        .isEmpty();

    Contact contact =
        fixture
            .stub(ContactServiceGrpc::newBlockingStub, agent)
            .createContact(
                CreateContactRequest.newBuilder()
                    .setName("Ada")
                    .setEmail("ada@example.com")
                    .setPhone("+44 20 7946 0000")
                    .build());
    assertThat(contact.getExternalId()).isEmpty();
    assertThat(
            fixture
                .stub(ContactServiceGrpc::newBlockingStub, agent)
                .getContact(GetContactRequest.newBuilder().setId(contact.getId()).build()))
        .isEqualTo(contact);
    assertThat(contact.getEmail()).isEqualTo("ada@example.com");
    assertThat(contact.getPhone()).isEqualTo("+44 20 7946 0000");
  }

  @Test
  @DisplayName("the tenant: settings as a Struct, modules switched off turn their services off")
  void tenant() {
    String tenant = GrpcFixture.newTenant("rt-tenant");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    String agent = TestTokens.mint(tenant, "agent-1", Role.AGENT);
    Tenant fresh =
        fixture
            .stub(TenantServiceGrpc::newBlockingStub, agent)
            .getTenant(GetTenantRequest.getDefaultInstance());
    assertThat(fresh.getId()).isEqualTo(tenant);
    assertThat(fresh.getModulesList()).containsExactly("chat", "voice", "ai", "tickets");
    assertThat(fresh.getVersion()).isEqualTo(1);

    Struct settings =
        Struct.newBuilder()
            .putFields("greeting", Value.newBuilder().setStringValue("Welcome").build())
            .putFields("max_queue", Value.newBuilder().setNumberValue(12).build())
            .build();
    UpdateTenantRequest change =
        UpdateTenantRequest.newBuilder()
            .setExpectedVersion(1)
            .setName("Acme Ltd")
            .setSettings(settings)
            .setSetModules(true)
            .addModules("chat")
            .build();
    refused(
        Status.Code.PERMISSION_DENIED,
        () -> fixture.stub(TenantServiceGrpc::newBlockingStub, agent).updateTenant(change));
    Tenant changed = fixture.stub(TenantServiceGrpc::newBlockingStub, admin).updateTenant(change);
    assertThat(changed.getName()).isEqualTo("Acme Ltd");
    assertThat(changed.getSettings()).isEqualTo(settings);
    assertThat(changed.getModulesList()).containsExactly("chat");
    assertThat(
            fixture
                .stub(TenantServiceGrpc::newBlockingStub, agent)
                .getTenant(GetTenantRequest.getDefaultInstance()))
        .isEqualTo(changed);
    refused(
        Status.Code.FAILED_PRECONDITION,
        () -> fixture.stub(TenantServiceGrpc::newBlockingStub, admin).updateTenant(change));

    String off =
        refused(
            Status.Code.PERMISSION_DENIED,
            () ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, agent)
                    .listTickets(ListTicketsRequest.getDefaultInstance()));
    assertThat(off).isEqualTo("module-disabled: the tickets module is disabled for this tenant");
  }

  private User newUser(String admin, String externalId, String role) {
    return fixture
        .stub(UserServiceGrpc::newBlockingStub, admin)
        .createUser(
            CreateUserRequest.newBuilder()
                .setExternalId(externalId)
                .setName("Name of " + externalId)
                .setEmail(externalId + "@example.com")
                .setRole(role)
                .build());
  }

  private static TranscriptSegment segment(String speaker, String text, long start, long end) {
    return TranscriptSegment.newBuilder()
        .setSpeaker(speaker)
        .setText(text)
        .setStartMs(start)
        .setEndMs(end)
        .build();
  }
}
