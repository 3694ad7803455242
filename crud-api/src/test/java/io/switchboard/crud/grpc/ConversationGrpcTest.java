package io.switchboard.crud.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.crud.CrudRoutes;
import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.http.BodyContract;
import io.switchboard.crud.tenant.Tenants;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.crud.v1.AppendMessageRequest;
import io.switchboard.protos.crud.v1.AppendMessageResponse;
import io.switchboard.protos.crud.v1.Conversation;
import io.switchboard.protos.crud.v1.ConversationServiceGrpc;
import io.switchboard.protos.crud.v1.ConversationServiceGrpc.ConversationServiceBlockingStub;
import io.switchboard.protos.crud.v1.CreateConversationRequest;
import io.switchboard.protos.crud.v1.GetConversationRequest;
import io.switchboard.protos.crud.v1.ListConversationsRequest;
import io.switchboard.protos.crud.v1.ListConversationsResponse;
import io.switchboard.protos.crud.v1.ListMessagesRequest;
import io.switchboard.protos.crud.v1.ListMessagesResponse;
import io.switchboard.protos.crud.v1.UpdateConversationRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Conversations over gRPC, called by a stock grpc-java client on the REST port")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationGrpcTest {

  /** Longest a call may take before the test gives up on it instead of hanging. */
  private static final long CALL_DEADLINE_SECONDS = 10;

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String tenantA = "grpc-a-" + UUID.randomUUID().toString().substring(0, 8);
  private final String tenantB = "grpc-b-" + UUID.randomUUID().toString().substring(0, 8);

  private Vertx vertx;
  private Pool pool;
  private TokenVerifier verifier;
  private HttpServer server;
  private ManagedChannel channel;
  private String adminA;
  private UUID inboxA;
  private UUID contactA;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(TestServices.postgresUrl()))
            .using(vertx)
            .build();
    verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    // Wired like the node's front: body handler on /api/*, the crud routes, problem+json failures.
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create());
    new CrudRoutes(vertx, pool, verifier, BodyContract.load(vertx).await()).mount(router);
    router.route().failureHandler(ProblemMapper::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.actualPort()).usePlaintext().build();

    adminA = TestTokens.mint(tenantA, "admin-1", Role.ADMIN);
    inboxA = inbox(tenantA);
    contactA = contact(tenantA, null);
  }

  @AfterAll
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    server.close().await();
    verifier.close();
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName("a created conversation can be read back and is listed page by page with a token")
  void createGetAndList() {
    String tenant = "grpc-list-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    UUID inbox = inbox(tenant);
    UUID contact = contact(tenant, null);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(stub(admin).createConversation(newConversation(inbox, contact)).getId());
    }

    Conversation read =
        stub(admin)
            .getConversation(GetConversationRequest.newBuilder().setId(created.get(0)).build());
    assertThat(read.getStatus()).isEqualTo("open");
    assertThat(read.getChannel()).isEqualTo("chat");
    assertThat(read.getInboxId()).isEqualTo(inbox.toString());
    assertThat(read.getLabelsList()).containsExactly("vip");
    assertThat(read.getVersion()).isEqualTo(1);
    assertThat(read.getCreatedAt().getSeconds()).isPositive();

    ListConversationsResponse first =
        stub(admin).listConversations(ListConversationsRequest.newBuilder().setPageSize(2).build());
    assertThat(first.getConversationsCount()).isEqualTo(2);
    assertThat(first.getNextPageToken()).isNotEmpty();
    ListConversationsResponse second =
        stub(admin)
            .listConversations(
                ListConversationsRequest.newBuilder()
                    .setPageSize(2)
                    .setPageToken(first.getNextPageToken())
                    .build());
    assertThat(second.getConversationsCount()).isEqualTo(1);
    assertThat(second.getNextPageToken()).isEmpty();
    List<String> listed = new ArrayList<>();
    first.getConversationsList().forEach(c -> listed.add(c.getId()));
    second.getConversationsList().forEach(c -> listed.add(c.getId()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(created);

    ListConversationsResponse filtered =
        stub(admin)
            .listConversations(ListConversationsRequest.newBuilder().setStatus("resolved").build());
    assertThat(filtered.getConversationsList()).isEmpty();
  }

  @Test
  @DisplayName("an update based on a stale version is refused with FAILED_PRECONDITION")
  void staleUpdate() {
    Conversation created = stub(adminA).createConversation(newConversation(inboxA, contactA));
    Conversation updated =
        stub(adminA)
            .updateConversation(
                UpdateConversationRequest.newBuilder()
                    .setId(created.getId())
                    .setExpectedVersion(created.getVersion())
                    .setStatus("pending")
                    .setPriority("")
                    .build());
    assertThat(updated.getStatus()).isEqualTo("pending");
    assertThat(updated.getPriority()).isEmpty();
    assertThat(updated.getVersion()).isEqualTo(created.getVersion() + 1);

    StatusRuntimeException stale =
        failure(
            () ->
                stub(adminA)
                    .updateConversation(
                        UpdateConversationRequest.newBuilder()
                            .setId(created.getId())
                            .setExpectedVersion(created.getVersion())
                            .setStatus("resolved")
                            .build()));
    assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(stale.getStatus().getDescription()).contains("version " + updated.getVersion());
  }

  @Test
  @DisplayName("a message sent twice with one client_message_id is stored once and listed once")
  void idempotentAppend() {
    String id = stub(adminA).createConversation(newConversation(inboxA, contactA)).getId();
    AppendMessageRequest send =
        AppendMessageRequest.newBuilder()
            .setConversationId(id)
            .setBody("hello")
            .setClientMessageId("m-1")
            .build();
    AppendMessageResponse first = stub(adminA).appendMessage(send);
    AppendMessageResponse again = stub(adminA).appendMessage(send);
    assertThat(first.getCreated()).isTrue();
    assertThat(first.getMessage().getOffset()).isEqualTo(1);
    assertThat(first.getMessage().getAuthorKind()).isEqualTo("agent");
    assertThat(again.getCreated()).isFalse();
    assertThat(again.getMessage().getId()).isEqualTo(first.getMessage().getId());
    stub(adminA)
        .appendMessage(
            AppendMessageRequest.newBuilder().setConversationId(id).setBody("second").build());

    ListMessagesResponse all =
        stub(adminA).listMessages(ListMessagesRequest.newBuilder().setConversationId(id).build());
    assertThat(all.getMessagesList()).extracting(m -> m.getOffset()).containsExactly(1L, 2L);
    assertThat(all.getMessages(0).getClientMessageId()).isEqualTo("m-1");
    ListMessagesResponse later =
        stub(adminA)
            .listMessages(
                ListMessagesRequest.newBuilder().setConversationId(id).setAfterOffset(1).build());
    assertThat(later.getMessagesList()).extracting(m -> m.getBody()).containsExactly("second");
  }

  @Test
  @DisplayName("a call without a token or with a forged one is refused with UNAUTHENTICATED")
  void unauthenticated() {
    GetConversationRequest get =
        GetConversationRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
    StatusRuntimeException missing =
        failure(
            () ->
                ConversationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getConversation(get));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    StatusRuntimeException forged = failure(() -> stub("not.a.jwt").getConversation(get));
    assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  @DisplayName("an id that is not a UUID is refused with INVALID_ARGUMENT naming the field")
  void badUuid() {
    StatusRuntimeException refused =
        failure(
            () ->
                stub(adminA)
                    .getConversation(
                        GetConversationRequest.newBuilder().setId("1-1-1-1-1").build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("id").contains("must be a UUID");

    StatusRuntimeException badCreate =
        failure(
            () ->
                stub(adminA)
                    .createConversation(
                        CreateConversationRequest.newBuilder()
                            .setInboxId("nope")
                            .setContactId(contactA.toString())
                            .setChannel("chat")
                            .build()));
    assertThat(badCreate.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badCreate.getStatus().getDescription()).contains("inbox_id: must be a UUID");
  }

  @Test
  @DisplayName("another tenant's conversation does not exist for the caller: NOT_FOUND")
  void otherTenant() {
    String id = stub(adminA).createConversation(newConversation(inboxA, contactA)).getId();
    String adminB = TestTokens.mint(tenantB, "admin-1", Role.ADMIN);
    StatusRuntimeException hidden =
        failure(
            () ->
                stub(adminB)
                    .getConversation(GetConversationRequest.newBuilder().setId(id).build()));
    assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  @DisplayName("a tenant with chat switched off gets PERMISSION_DENIED naming the module")
  void chatSwitchedOff() {
    String tenant = "grpc-off-" + UUID.randomUUID().toString().substring(0, 8);
    new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO tenants (id, name, modules) VALUES ($1, $1, ARRAY['voice'])")
                    .execute(Tuple.of(tenant)))
        .await();
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    StatusRuntimeException refused =
        failure(
            () ->
                stub(admin)
                    .getConversation(
                        GetConversationRequest.newBuilder()
                            .setId(UUID.randomUUID().toString())
                            .build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).contains("chat");
  }

  @Test
  @DisplayName("a customer sees their own conversation and gets NOT_FOUND for another's")
  void customerIsolation() {
    String alice = "cust-alice-" + UUID.randomUUID();
    String bob = "cust-bob-" + UUID.randomUUID();
    String aliceConv =
        stub(adminA).createConversation(newConversation(inboxA, contact(tenantA, alice))).getId();
    String bobConv =
        stub(adminA).createConversation(newConversation(inboxA, contact(tenantA, bob))).getId();
    String aliceToken = TestTokens.mint(tenantA, alice, Role.CUSTOMER);

    assertThat(
            stub(aliceToken)
                .getConversation(GetConversationRequest.newBuilder().setId(aliceConv).build())
                .getId())
        .isEqualTo(aliceConv);
    StatusRuntimeException hidden =
        failure(
            () ->
                stub(aliceToken)
                    .getConversation(GetConversationRequest.newBuilder().setId(bobConv).build()));
    assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    StatusRuntimeException edit =
        failure(
            () ->
                stub(aliceToken)
                    .updateConversation(
                        UpdateConversationRequest.newBuilder()
                            .setId(aliceConv)
                            .setExpectedVersion(1)
                            .setStatus("resolved")
                            .build()));
    assertThat(edit.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  @DisplayName("REST keeps answering on the same port as gRPC")
  void restAlongside() {
    String id = stub(adminA).createConversation(newConversation(inboxA, contactA)).getId();
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> response =
          client
              .get(server.actualPort(), "127.0.0.1", "/api/v1/conversations/" + id)
              .putHeader("Authorization", "Bearer " + adminA)
              .send()
              .await();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("id")).isEqualTo(id);
    } finally {
      client.close();
    }
  }

  private ConversationServiceBlockingStub stub(String token) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return ConversationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(failure).as("the call should have failed").isNotNull();
    return failure;
  }

  private static CreateConversationRequest newConversation(UUID inbox, UUID contact) {
    return CreateConversationRequest.newBuilder()
        .setInboxId(inbox.toString())
        .setContactId(contact.toString())
        .setChannel("chat")
        .setPriority("high")
        .addLabels("vip")
        .build();
  }

  private UUID inbox(String tenant) {
    return seed(
        tenant,
        "INSERT INTO inboxes (tenant_id, name, channel) VALUES ($1, 'Support', 'chat')"
            + " RETURNING id",
        Tuple.of(tenant));
  }

  /** A contact whose customer tokens carry {@code externalId}, or none if null. */
  private UUID contact(String tenant, String externalId) {
    return seed(
        tenant,
        "INSERT INTO contacts (tenant_id, external_id, name) VALUES ($1, $2, 'Customer')"
            + " RETURNING id",
        Tuple.of(tenant, externalId));
  }

  private UUID seed(String tenant, String sql, Tuple params) {
    return new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                Tenants.ensure(tx, tenant)
                    .compose(ready -> tx.preparedQuery(sql).execute(params))
                    .map(rows -> rows.iterator().next().getUUID("id")))
        .await();
  }
}
