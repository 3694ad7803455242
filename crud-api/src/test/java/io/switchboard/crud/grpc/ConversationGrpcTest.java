package io.switchboard.crud.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.platform.auth.Role;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Conversations over gRPC, called by a stock grpc-java client on the REST port")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationGrpcTest {

  private final String tenantA = GrpcFixture.newTenant("grpc-a");
  private final String tenantB = GrpcFixture.newTenant("grpc-b");

  @RegisterExtension static final GrpcFixture fixture = new GrpcFixture();

  private String adminA;
  private UUID inboxA;
  private UUID contactA;

  @BeforeAll
  void start() {
    adminA = TestTokens.mint(tenantA, "admin-1", Role.ADMIN);
    inboxA = fixture.inbox(tenantA);
    contactA = fixture.contact(tenantA, null);
  }

  @Test
  @DisplayName("a created conversation can be read back and is listed page by page with a token")
  void createGetAndList() {
    String tenant = GrpcFixture.newTenant("grpc-list");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    UUID inbox = fixture.inbox(tenant);
    UUID contact = fixture.contact(tenant, null);
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
        GrpcFixture.failure(
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
  @DisplayName(
      "an update that changes nothing is refused with INVALID_ARGUMENT, as REST refuses {}")
  void emptyUpdate() {
    Conversation created = stub(adminA).createConversation(newConversation(inboxA, contactA));
    StatusRuntimeException refused =
        GrpcFixture.failure(
            () ->
                stub(adminA)
                    .updateConversation(
                        UpdateConversationRequest.newBuilder()
                            .setId(created.getId())
                            .setExpectedVersion(created.getVersion())
                            .build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("at least one field");
    Conversation after =
        stub(adminA)
            .getConversation(GetConversationRequest.newBuilder().setId(created.getId()).build());
    assertThat(after.getVersion()).isEqualTo(created.getVersion());
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
  @DisplayName(
      "a call without a token, with a forged one, or with a signed one whose exp is a string or"
          + " whose tenant is no slug is refused with UNAUTHENTICATED")
  void unauthenticated() {
    GetConversationRequest get =
        GetConversationRequest.newBuilder().setId(UUID.randomUUID().toString()).build();
    StatusRuntimeException missing = GrpcFixture.failure(() -> stub(null).getConversation(get));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    StatusRuntimeException forged =
        GrpcFixture.failure(() -> stub("not.a.jwt").getConversation(get));
    assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

    String stringExp =
        signed(
            new io.vertx.core.json.JsonObject()
                .put("tid", "acme")
                .put("sub", "admin-1")
                .put("roles", new io.vertx.core.json.JsonArray().add("admin"))
                .put("exp", "soon"));
    assertThat(
            GrpcFixture.refused(
                Status.Code.UNAUTHENTICATED, () -> stub(stringExp).getConversation(get)))
        .isEqualTo("token exp is not a number");
    String notASlug = TestTokens.mint("acme", "admin-1", Role.ADMIN);
    String[] parts = notASlug.split("\\.");
    io.vertx.core.json.JsonObject claims =
        new io.vertx.core.json.JsonObject(
            new String(
                java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8));
    String badTenant = signed(claims.put("tid", "Acme Corp"));
    assertThat(
            GrpcFixture.refused(
                Status.Code.UNAUTHENTICATED, () -> stub(badTenant).getConversation(get)))
        .startsWith("token tenant (tid) must be a lowercase slug");
  }

  /** {@code claims} exactly as given, signed with the test secret. */
  private static String signed(io.vertx.core.json.JsonObject claims) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    String input =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(utf8))
            + "."
            + b64.encodeToString(claims.encode().getBytes(utf8));
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(TestTokens.SECRET.getBytes(utf8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(utf8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("an id that is not a UUID is refused with INVALID_ARGUMENT naming the field")
  void badUuid() {
    StatusRuntimeException refused =
        GrpcFixture.failure(
            () ->
                stub(adminA)
                    .getConversation(
                        GetConversationRequest.newBuilder().setId("1-1-1-1-1").build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("id").contains("must be a UUID");

    StatusRuntimeException badCreate =
        GrpcFixture.failure(
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
        GrpcFixture.failure(
            () ->
                stub(adminB)
                    .getConversation(GetConversationRequest.newBuilder().setId(id).build()));
    assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  @DisplayName("a tenant with chat switched off gets PERMISSION_DENIED naming the module")
  void chatSwitchedOff() {
    String tenant = GrpcFixture.newTenant("grpc-off");
    fixture.tenantWithModules(tenant, "voice");
    String admin = TestTokens.mint(tenant, "admin-1", Role.ADMIN);
    StatusRuntimeException refused =
        GrpcFixture.failure(
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
        stub(adminA)
            .createConversation(newConversation(inboxA, fixture.contact(tenantA, alice)))
            .getId();
    String bobConv =
        stub(adminA)
            .createConversation(newConversation(inboxA, fixture.contact(tenantA, bob)))
            .getId();
    String aliceToken = TestTokens.mint(tenantA, alice, Role.CUSTOMER);

    assertThat(
            stub(aliceToken)
                .getConversation(GetConversationRequest.newBuilder().setId(aliceConv).build())
                .getId())
        .isEqualTo(aliceConv);
    StatusRuntimeException hidden =
        GrpcFixture.failure(
            () ->
                stub(aliceToken)
                    .getConversation(GetConversationRequest.newBuilder().setId(bobConv).build()));
    assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    StatusRuntimeException edit =
        GrpcFixture.failure(
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
    WebClient client = WebClient.create(fixture.vertx());
    try {
      HttpResponse<Buffer> response =
          client
              .get(fixture.port(), "127.0.0.1", "/api/v1/conversations/" + id)
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
    return fixture.stub(ConversationServiceGrpc::newBlockingStub, token);
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
}
