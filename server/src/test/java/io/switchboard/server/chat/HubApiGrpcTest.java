package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.protos.crud.v1.ConversationServiceGrpc;
import io.switchboard.protos.crud.v1.GetConversationRequest;
import io.switchboard.protos.hub.v1.ApiDisconnectRequest;
import io.switchboard.protos.hub.v1.ApiPresenceRequest;
import io.switchboard.protos.hub.v1.ApiPresenceResponse;
import io.switchboard.protos.hub.v1.ApiPublishRequest;
import io.switchboard.protos.hub.v1.ApiPublishResponse;
import io.switchboard.protos.hub.v1.HubApiServiceGrpc;
import io.switchboard.server.chat.SdkClient.Sub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The hub's server API over gRPC, next to crud's services on the same port")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubApiGrpcTest {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dir;

  private ChatFixture hub;
  private ManagedChannel channel;

  @BeforeAll
  void start() throws Exception {
    hub = ChatFixture.single(dir, Map.of());
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", hub.node(0).httpPort())
            .usePlaintext()
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(ChatFixture.TIMEOUT_SECONDS, SECONDS);
    hub.close();
  }

  private HubApiServiceGrpc.HubApiServiceBlockingStub api(String token) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return HubApiServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(ChatFixture.TIMEOUT_SECONDS, SECONDS);
  }

  private static String service(ChatFixture.Tenant t) {
    return TestTokens.mint(t.id(), "integration-1", Role.SERVICE);
  }

  private static ByteString json(JsonObject data) {
    return ByteString.copyFromUtf8(data.encode());
  }

  @Test
  @DisplayName("Publish stores a message that reaches the SDK subscriber; Presence lists it")
  void publishAndPresence() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      Sub sub = agent.subscribe(t.channel());
      ApiPublishResponse published =
          api(service(t))
              .publish(
                  ApiPublishRequest.newBuilder()
                      .setChannel(t.channel())
                      .setData(json(new JsonObject().put("body", "over gRPC")))
                      .build());

      assertThat(published.getOffset()).isEqualTo(1L);
      assertThat(published.getCreated()).isTrue();
      assertThat(published.getId()).isNotEmpty();
      assertThat(sub.next().getString("body")).isEqualTo("over gRPC");
      ApiPresenceResponse presence =
          api(t.admin()).presence(ApiPresenceRequest.newBuilder().setChannel(t.channel()).build());
      for (int i = 0; i < 50 && presence.getClientsCount() == 0; i++) {
        Thread.sleep(100);
        presence =
            api(t.admin())
                .presence(ApiPresenceRequest.newBuilder().setChannel(t.channel()).build());
      }
      assertThat(presence.getClientsMap().values())
          .extracting(info -> info.getUser())
          .containsExactly("agent-1");
    }
  }

  @Test
  @DisplayName("Disconnect with 3503 closes the user's SDK connection for good")
  void disconnect() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    try (SdkClient agent = SdkClient.connect(hub.wsUrl(0), t.agent())) {
      api(service(t))
          .disconnect(ApiDisconnectRequest.newBuilder().setUser("agent-1").setCode(3503).build());
      DisconnectedEvent gone = agent.disconnected.poll(ChatFixture.TIMEOUT_SECONDS, SECONDS);
      assertThat(gone).isNotNull();
      assertThat(gone.getCode()).isEqualTo(3503);
    }
  }

  @Test
  @DisplayName("an agent is PERMISSION_DENIED, a bad channel INVALID_ARGUMENT, a bad code too")
  void refusals() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    ApiPublishRequest publish =
        ApiPublishRequest.newBuilder()
            .setChannel(t.channel())
            .setData(json(new JsonObject().put("body", "no")))
            .build();
    assertThat(status(() -> api(t.agent()).publish(publish)).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    Status badChannel =
        status(
            () ->
                api(service(t))
                    .publish(publish.toBuilder().setChannel("conversation:nope").build()));
    assertThat(badChannel.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badChannel.getDescription()).contains("channel");
    assertThat(
            status(
                    () ->
                        api(service(t))
                            .disconnect(
                                ApiDisconnectRequest.newBuilder()
                                    .setUser("agent-1")
                                    .setCode(1234)
                                    .build()))
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(hub.messages(t.admin(), t.conversation())).isEmpty();
  }

  @Test
  @DisplayName("crud's gRPC services still answer on the same port")
  void crudStillServed() throws Exception {
    ChatFixture.Tenant t = hub.tenant();
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + t.admin());
    assertThat(
            ConversationServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .getConversation(
                    GetConversationRequest.newBuilder().setId(t.conversation()).build())
                .getId())
        .isEqualTo(t.conversation());
  }

  private static Status status(Runnable call) {
    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(failure).as("the call should have failed").isNotNull();
    return failure.getStatus();
  }
}
