package io.switchboard.loadtests.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@DisplayName("The sweep's subscriber sockets and their reader")
class SweepSocketTest {

  private final Vertx vertx;

  SweepSocketTest(Vertx vertx) {
    this.vertx = vertx;
  }

  @ParameterizedTest(name = "rounds {0} ms apart")
  @ValueSource(longs = {0, 50})
  @DisplayName("every frame arrives whole and in order, whatever its length encoding")
  void framesArrive(long pauseMillis) throws Exception {
    // 7-bit, 16-bit and 64-bit lengths, the last larger than the socket's first buffer.
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add("short-" + i);
    }
    sent.add("m".repeat(300));
    sent.add("l".repeat(70_000));
    sent.add("after the long one");
    CompletableFuture<Void> ponged = new CompletableFuture<>();
    int port =
        serve(
            ws -> {
              ws.pongHandler(pong -> ponged.complete(null));
              sent.forEach(ws::writeTextMessage);
              ws.writePing(Buffer.buffer("ping"));
            });
    List<String> received = new CopyOnWriteArrayList<>();
    List<IOException> failures = new CopyOnWriteArrayList<>();
    SweepSocket socket = SweepSocket.open("127.0.0.1", port, "/sub/a");
    socket.sink(
        (self, data, start, end) ->
            received.add(new String(data, start, end - start, StandardCharsets.UTF_8)));
    try (SocketReader reader =
        new SocketReader("test", pauseMillis, List.of(socket), failures::add)) {
      await(() -> received.size() == sent.size());
      assertThat(received).containsExactlyElementsOf(sent);
      ponged.get(10, TimeUnit.SECONDS);
      assertThat(failures).isEmpty();
    }
  }

  @Test
  @DisplayName("a server closing the socket is reported, and the reader goes on with the others")
  void serverCloses() throws Exception {
    int port =
        serve(
            ws -> {
              if (ws.path().endsWith("/closing")) {
                ws.close();
              } else {
                vertx.setTimer(300, id -> ws.writeTextMessage("still here"));
              }
            });
    List<String> received = new CopyOnWriteArrayList<>();
    List<IOException> failures = new CopyOnWriteArrayList<>();
    SweepSocket closing = SweepSocket.open("127.0.0.1", port, "/sub/closing");
    SweepSocket staying = SweepSocket.open("127.0.0.1", port, "/sub/staying");
    staying.sink(
        (self, data, start, end) ->
            received.add(new String(data, start, end - start, StandardCharsets.UTF_8)));
    try (SocketReader reader =
        new SocketReader("test", 0, List.of(closing, staying), failures::add)) {
      await(() -> failures.size() == 1 && received.size() == 1);
      assertThat(failures.get(0)).hasMessageContaining("closed by the server");
      assertThat(received).containsExactly("still here");
    }
  }

  @Test
  @DisplayName("a frame that came in the same read as the upgrade's answer is not left behind")
  void frameWithTheUpgrade() throws Exception {
    // One write holding the 101 and a first frame: the upgrade's read takes both.
    NetServer raw =
        vertx
            .createNetServer()
            .connectHandler(
                socket ->
                    socket.handler(
                        request ->
                            socket.write(
                                Buffer.buffer(
                                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                            + "Connection: Upgrade\r\n\r\n")
                                    .appendByte((byte) 0x81)
                                    .appendByte((byte) 5)
                                    .appendString("first"))))
            .listen(0, "127.0.0.1")
            .await();
    List<String> received = new CopyOnWriteArrayList<>();
    SweepSocket socket = SweepSocket.open("127.0.0.1", raw.actualPort(), "/sub/a");
    socket.sink(
        (self, data, start, end) ->
            received.add(new String(data, start, end - start, StandardCharsets.UTF_8)));
    try (SocketReader reader = new SocketReader("test", 0, List.of(socket), failure -> {})) {
      await(() -> received.size() == 1);
      assertThat(received).containsExactly("first");
    }
  }

  @Test
  @DisplayName("a refused upgrade fails the open with the server's answer")
  void refusedUpgrade() {
    int port = serve(ws -> {});
    assertThatThrownBy(() -> SweepSocket.open("127.0.0.1", port, "/nowhere"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("upgrade refused")
        .hasMessageContaining("404");
  }

  @Test
  @DisplayName("the latency of a publication comes from the send time in its body")
  void latencyFromTheBody() {
    Histogram latency = new Histogram(Bytes.HIGHEST_MICROS, 3);
    byte[] body =
        ("{\"pub\":{\"body\":\"ts=" + (System.nanoTime() - 2_000_000) + ";xx\"}}").getBytes();
    Bytes.recordLatency(latency, body, 0, body.length);
    byte[] unstamped = "{\"pub\":{\"body\":\"nothing\"}}".getBytes();
    Bytes.recordLatency(latency, unstamped, 0, unstamped.length);
    assertThat(latency.getTotalCount()).isEqualTo(1);
    assertThat(latency.getMaxValue()).isBetween(2_000L, 60_000_000L);
  }

  private int serve(Consumer<ServerWebSocket> onOpen) {
    HttpServer server =
        vertx
            .createHttpServer()
            .webSocketHandshakeHandler(
                handshake -> {
                  if (handshake.path().startsWith("/sub/")) {
                    handshake.accept();
                  } else {
                    handshake.reject(404);
                  }
                })
            .webSocketHandler(onOpen::accept)
            .listen(0, "127.0.0.1")
            .await();
    return server.actualPort();
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(done.getAsBoolean()).as("in time").isTrue();
  }
}
