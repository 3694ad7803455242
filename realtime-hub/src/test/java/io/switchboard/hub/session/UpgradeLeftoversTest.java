package io.switchboard.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("What a WebSocket's upgrade leaves behind, released")
class UpgradeLeftoversTest {

  private Vertx vertx;
  // Held for the whole test: Vert.x closes a client that is no longer referenced.
  private WebSocketClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** What the server side of one connection left reachable, weakly held. */
  private record Upgraded(
      ServerWebSocket socket,
      Context context,
      WeakReference<HttpServerRequest> request,
      WeakReference<?> queue) {

    /** Runs {@code write} on the connection's event loop, as the hub writes, and waits for it. */
    void on(Supplier<Future<Void>> write) throws Exception {
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(
          nothing -> write.get().onSuccess(done::complete).onFailure(done::completeExceptionally));
      done.get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "released: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "released, the upgrade request and Vert.x's outbound queue are collected (kept without"
          + " the release) and the connection still answers pings and sends Close with its code")
  void released(boolean release) throws Exception {
    UpgradeLeftovers leftovers = UpgradeLeftovers.find();
    assertThat(leftovers.works()).as("this Vert.x has the fields the release needs").isTrue();
    CompletableFuture<Upgraded> upgraded = new CompletableFuture<>();
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
            .requestHandler(
                request -> {
                  WeakReference<HttpServerRequest> weakRequest = new WeakReference<>(request);
                  ChannelPipeline pipeline =
                      ((HttpServerConnection) request.connection())
                          .channelHandlerContext()
                          .pipeline();
                  request
                      .toWebSocket()
                      .onSuccess(
                          socket -> {
                            try {
                              WeakReference<?> queue = new WeakReference<>(queueOf(pipeline));
                              if (release) {
                                leftovers.release(pipeline);
                              }
                              upgraded.complete(
                                  new Upgraded(socket, Vertx.currentContext(), weakRequest, queue));
                            } catch (ReflectiveOperationException e) {
                              upgraded.completeExceptionally(e);
                            }
                          });
                })
            .listen(0, "127.0.0.1")
            .await();
    client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(server.actualPort(), "127.0.0.1", "/ws?x=1").await();
    Upgraded server1 = upgraded.get(10, TimeUnit.SECONDS);

    for (int i = 0; i < 20 && server1.request().get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(server1.request().get() == null).as("request collected").isEqualTo(release);
    assertThat(server1.queue().get() == null).as("outbound queue collected").isEqualTo(release);
    assertThat(server1.socket().headers().isEmpty()).as("headers let go").isEqualTo(release);

    CompletableFuture<Buffer> pong = new CompletableFuture<>();
    socket.pongHandler(pong::complete);
    socket.writePing(Buffer.buffer("are you there")).await();
    assertThat(pong.get(10, TimeUnit.SECONDS).toString()).isEqualTo("are you there");

    CompletableFuture<String> text = new CompletableFuture<>();
    CompletableFuture<Short> closed = new CompletableFuture<>();
    socket.textMessageHandler(text::complete);
    socket.closeHandler(gone -> closed.complete(socket.closeStatusCode()));
    server1.on(() -> server1.socket().writeTextMessage("through Vert.x"));
    assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("through Vert.x");
    server1.on(() -> server1.socket().close((short) 4001, "bye"));
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 4001);
    assertThat(socket.closeReason()).isEqualTo("bye");
  }

  private static Object queueOf(ChannelPipeline pipeline) throws ReflectiveOperationException {
    VertxConnection connection = pipeline.get(VertxHandler.class).getConnection();
    Field queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
    queue.setAccessible(true);
    return queue.get(connection);
  }
}
