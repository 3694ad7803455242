package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.GrpcFixture.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.crud.v1.CallServiceGrpc;
import io.switchboard.protos.crud.v1.CannedResponseServiceGrpc;
import io.switchboard.protos.crud.v1.ContactServiceGrpc;
import io.switchboard.protos.crud.v1.CreateCallRequest;
import io.switchboard.protos.crud.v1.CreateCannedResponseRequest;
import io.switchboard.protos.crud.v1.CreateContactRequest;
import io.switchboard.protos.crud.v1.CreateInboxRequest;
import io.switchboard.protos.crud.v1.CreateKbArticleRequest;
import io.switchboard.protos.crud.v1.CreateTeamRequest;
import io.switchboard.protos.crud.v1.CreateTicketRequest;
import io.switchboard.protos.crud.v1.CreateUserRequest;
import io.switchboard.protos.crud.v1.GetCallRequest;
import io.switchboard.protos.crud.v1.GetCannedResponseRequest;
import io.switchboard.protos.crud.v1.GetContactRequest;
import io.switchboard.protos.crud.v1.GetInboxRequest;
import io.switchboard.protos.crud.v1.GetKbArticleRequest;
import io.switchboard.protos.crud.v1.GetTeamRequest;
import io.switchboard.protos.crud.v1.GetTicketRequest;
import io.switchboard.protos.crud.v1.GetUserRequest;
import io.switchboard.protos.crud.v1.InboxServiceGrpc;
import io.switchboard.protos.crud.v1.KbArticleServiceGrpc;
import io.switchboard.protos.crud.v1.TeamServiceGrpc;
import io.switchboard.protos.crud.v1.TicketServiceGrpc;
import io.switchboard.protos.crud.v1.UpdateCallRequest;
import io.switchboard.protos.crud.v1.UpdateCannedResponseRequest;
import io.switchboard.protos.crud.v1.UpdateKbArticleRequest;
import io.switchboard.protos.crud.v1.UpdateTeamRequest;
import io.switchboard.protos.crud.v1.UpdateTicketRequest;
import io.switchboard.protos.crud.v1.UpdateUserRequest;
import io.switchboard.protos.crud.v1.UserServiceGrpc;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every tenant-data gRPC service keeps the rules of its REST resource")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceGrpcRulesTest {

  private final String tenant = GrpcFixture.newTenant("rules-a");
  private final String otherTenant = GrpcFixture.newTenant("rules-b");

  @RegisterExtension static final GrpcFixture fixture = new GrpcFixture();

  private String admin;

  /** Creates an entity whose unique fields derive from {@code unique}; returns its id. */
  @FunctionalInterface
  interface Creator {
    String create(String token, String idempotencyKey, String unique);
  }

  /** Reads an entity; returns its version. */
  @FunctionalInterface
  interface Getter {
    long version(String token, String id);
  }

  /** Changes an entity based on {@code expectedVersion}; returns the new version. */
  @FunctionalInterface
  interface Updater {
    long update(String token, String id, long expectedVersion);
  }

  /**
   * What the rules need of one service.
   *
   * @param name the service, as the test names it
   * @param table the table its entities are stored in
   * @param module the module that switches it, or null
   * @param creator creates one
   * @param getter reads one
   * @param updater changes one, or null when the service changes nothing
   */
  record Service(
      String name, String table, String module, Creator creator, Getter getter, Updater updater) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void start() {
    admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
  }

  Stream<Service> services() {
    return Stream.of(
        new Service(
            "TicketService",
            "tickets",
            "tickets",
            (token, key, unique) ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, token, key)
                    .createTicket(CreateTicketRequest.newBuilder().setSubject(unique).build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, token, null)
                    .getTicket(GetTicketRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(TicketServiceGrpc::newBlockingStub, token, null)
                    .updateTicket(
                        UpdateTicketRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setStatus("pending")
                            .build())
                    .getVersion()),
        new Service(
            "KbArticleService",
            "kb_articles",
            null,
            (token, key, unique) ->
                fixture
                    .stub(KbArticleServiceGrpc::newBlockingStub, token, key)
                    .createKbArticle(
                        CreateKbArticleRequest.newBuilder()
                            .setTitle(unique)
                            .setBody("Body")
                            .build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(KbArticleServiceGrpc::newBlockingStub, token, null)
                    .getKbArticle(GetKbArticleRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(KbArticleServiceGrpc::newBlockingStub, token, null)
                    .updateKbArticle(
                        UpdateKbArticleRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setPublished(true)
                            .build())
                    .getVersion()),
        new Service(
            "CannedResponseService",
            "canned_responses",
            "chat",
            (token, key, unique) ->
                fixture
                    .stub(CannedResponseServiceGrpc::newBlockingStub, token, key)
                    .createCannedResponse(
                        CreateCannedResponseRequest.newBuilder()
                            .setShortCode(unique)
                            .setContent("Hello")
                            .build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(CannedResponseServiceGrpc::newBlockingStub, token, null)
                    .getCannedResponse(GetCannedResponseRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(CannedResponseServiceGrpc::newBlockingStub, token, null)
                    .updateCannedResponse(
                        UpdateCannedResponseRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setContent("Hi")
                            .build())
                    .getVersion()),
        new Service(
            "CallService",
            "calls",
            "voice",
            (token, key, unique) ->
                fixture
                    .stub(CallServiceGrpc::newBlockingStub, token, key)
                    .createCall(CreateCallRequest.newBuilder().setDirection("inbound").build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(CallServiceGrpc::newBlockingStub, token, null)
                    .getCall(GetCallRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(CallServiceGrpc::newBlockingStub, token, null)
                    .updateCall(
                        UpdateCallRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setRecordingRef("s3://rec/" + id)
                            .build())
                    .getVersion()),
        new Service(
            "TeamService",
            "teams",
            null,
            (token, key, unique) ->
                fixture
                    .stub(TeamServiceGrpc::newBlockingStub, token, key)
                    .createTeam(CreateTeamRequest.newBuilder().setName(unique).build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(TeamServiceGrpc::newBlockingStub, token, null)
                    .getTeam(GetTeamRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(TeamServiceGrpc::newBlockingStub, token, null)
                    .updateTeam(
                        UpdateTeamRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setName("renamed-" + UUID.randomUUID())
                            .build())
                    .getVersion()),
        new Service(
            "UserService",
            "users",
            null,
            (token, key, unique) ->
                fixture
                    .stub(UserServiceGrpc::newBlockingStub, token, key)
                    .createUser(
                        CreateUserRequest.newBuilder()
                            .setExternalId(unique)
                            .setName("Agent")
                            .setRole("agent")
                            .build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(UserServiceGrpc::newBlockingStub, token, null)
                    .getUser(GetUserRequest.newBuilder().setId(id).build())
                    .getVersion(),
            (token, id, version) ->
                fixture
                    .stub(UserServiceGrpc::newBlockingStub, token, null)
                    .updateUser(
                        UpdateUserRequest.newBuilder()
                            .setId(id)
                            .setExpectedVersion(version)
                            .setAvailability("busy")
                            .build())
                    .getVersion()),
        new Service(
            "ContactService",
            "contacts",
            "chat",
            (token, key, unique) ->
                fixture
                    .stub(ContactServiceGrpc::newBlockingStub, token, key)
                    .createContact(
                        CreateContactRequest.newBuilder()
                            .setName("Customer")
                            .setExternalId(unique)
                            .build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(ContactServiceGrpc::newBlockingStub, token, null)
                    .getContact(GetContactRequest.newBuilder().setId(id).build())
                    .getVersion(),
            null),
        new Service(
            "InboxService",
            "inboxes",
            "chat",
            (token, key, unique) ->
                fixture
                    .stub(InboxServiceGrpc::newBlockingStub, token, key)
                    .createInbox(
                        CreateInboxRequest.newBuilder().setName(unique).setChannel("chat").build())
                    .getId(),
            (token, id) ->
                fixture
                    .stub(InboxServiceGrpc::newBlockingStub, token, null)
                    .getInbox(GetInboxRequest.newBuilder().setId(id).build())
                    .getVersion(),
            null));
  }

  Stream<Service> servicesThatUpdate() {
    return services().filter(service -> service.updater() != null);
  }

  Stream<Service> servicesOfModules() {
    return services().filter(service -> service.module() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servicesThatUpdate")
  @DisplayName("an update based on a stale version is refused with FAILED_PRECONDITION")
  void staleVersion(Service service) {
    String id = service.creator().create(admin, null, unique());
    assertThat(service.getter().version(admin, id)).isEqualTo(1);
    assertThat(service.updater().update(admin, id, 1)).isEqualTo(2);
    assertThat(service.getter().version(admin, id)).isEqualTo(2);

    String detail =
        refused(Status.Code.FAILED_PRECONDITION, () -> service.updater().update(admin, id, 1));
    assertThat(detail).contains("version 2");
    String missing =
        refused(Status.Code.INVALID_ARGUMENT, () -> service.updater().update(admin, id, 0));
    assertThat(missing).contains("expected_version");
  }

  @Test
  @DisplayName(
      "an update that changes nothing is refused with INVALID_ARGUMENT, as REST refuses {}")
  void emptyUpdate() {
    TeamServiceGrpc.TeamServiceBlockingStub teams =
        fixture.stub(TeamServiceGrpc::newBlockingStub, admin, null);
    String id = teams.createTeam(CreateTeamRequest.newBuilder().setName(unique()).build()).getId();
    String detail =
        refused(
            Status.Code.INVALID_ARGUMENT,
            () ->
                teams.updateTeam(
                    UpdateTeamRequest.newBuilder().setId(id).setExpectedVersion(1).build()));
    assertThat(detail).contains("at least one field");
    assertThat(teams.getTeam(GetTeamRequest.newBuilder().setId(id).build()).getVersion())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("an id that is not a UUID is refused with INVALID_ARGUMENT naming the field")
  void badUuid(Service service) {
    String detail =
        refused(Status.Code.INVALID_ARGUMENT, () -> service.getter().version(admin, "1-1-1-1-1"));
    assertThat(detail).contains("id: must be a UUID");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("another tenant's entity does not exist for the caller: NOT_FOUND")
  void otherTenantsId(Service service) {
    String id = service.creator().create(admin, null, unique());
    String otherAdmin = TestTokens.mint(otherTenant, "admin-1", Role.ADMIN);
    refused(Status.Code.NOT_FOUND, () -> service.getter().version(otherAdmin, id));
    refused(
        Status.Code.NOT_FOUND, () -> service.getter().version(admin, UUID.randomUUID().toString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a customer may not create: PERMISSION_DENIED naming the roles that may")
  void customerMayNotCreate(Service service) {
    String customer = TestTokens.mint(tenant, "customer-1", Role.CUSTOMER);
    String detail =
        refused(
            Status.Code.PERMISSION_DENIED,
            () -> service.creator().create(customer, null, unique()));
    assertThat(detail).startsWith("requires one of the roles:").contains("admin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a call without a token or with a forged one is refused with UNAUTHENTICATED")
  void unauthenticated(Service service) {
    String id = UUID.randomUUID().toString();
    refused(Status.Code.UNAUTHENTICATED, () -> service.getter().version(null, id));
    refused(Status.Code.UNAUTHENTICATED, () -> service.getter().version("not.a.jwt", id));
    String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    refused(Status.Code.UNAUTHENTICATED, () -> service.creator().create(forged, null, unique()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servicesOfModules")
  @DisplayName("a tenant with the service's module off gets PERMISSION_DENIED module-disabled")
  void moduleSwitchedOff(Service service) {
    String off = GrpcFixture.newTenant("rules-off");
    fixture.tenantWithModules(off, "ai");
    String offAdmin = TestTokens.mint(off, "admin-1", Role.ADMIN);

    String detail =
        refused(
            Status.Code.PERMISSION_DENIED,
            () -> service.getter().version(offAdmin, UUID.randomUUID().toString()));
    assertThat(detail).startsWith("module-disabled").contains(service.module());
    refused(
        Status.Code.PERMISSION_DENIED, () -> service.creator().create(offAdmin, null, unique()));
    assertThat(fixture.count(off, service.table())).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  @DisplayName("a create repeated with one idempotency-key returns the same entity, stored once")
  void idempotentCreate(Service service) {
    String key = "key-" + UUID.randomUUID();
    String unique = unique();
    long before = fixture.count(tenant, service.table());
    String first = service.creator().create(admin, key, unique);
    String again = service.creator().create(admin, key, unique);
    assertThat(again).isEqualTo(first);
    assertThat(fixture.count(tenant, service.table())).isEqualTo(before + 1);
    assertThat(service.getter().version(admin, first)).isEqualTo(1);

    String tooLong = "k".repeat(201);
    String bad =
        refused(
            Status.Code.INVALID_ARGUMENT, () -> service.creator().create(admin, tooLong, unique));
    assertThat(bad).contains("Idempotency-Key");
  }

  private static String unique() {
    return "u-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
