package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import io.switchboard.hub.protocol.CodecLimits;
import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.hub.protocol.FrameFormat;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Pushes of one event-loop turn written as one frame")
class PushBatchTest {

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

  @ParameterizedTest
  @EnumSource(FrameFormat.class)
  @DisplayName(
      "pushes given in one turn share a frame (16 at most), in order, each readable by the"
          + " client's decoder; a flush before a reply keeps pushes ahead of it")
  void batchesPerTurn(FrameFormat format) throws Exception {
    FrameCodec codec = FrameCodec.of(format, CodecLimits.DEFAULTS);
    AtomicInteger frames = new AtomicInteger();
    List<Buffer> received = new CopyOnWriteArrayList<>();
    serve(
        codec,
        (socket, batch) -> {
          for (int offset = 1; offset <= 3; offset++) {
            batch.add(push(offset));
          }
          vertx.setTimer(
              50,
              later -> {
                for (int offset = 4; offset <= 23; offset++) {
                  batch.add(push(offset));
                }
                batch.flush();
                socket.writeTextMessage("reply");
              });
        },
        frames,
        received);

    await(() -> received.size() == 4);
    assertThat(received.get(3).toString()).isEqualTo("reply");
    List<Integer> perFrame = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (Buffer frame : received.subList(0, 3)) {
      List<Long> inFrame = offsets(codec, frame);
      perFrame.add(inFrame.size());
      offsets.addAll(inFrame);
    }
    assertThat(perFrame).containsExactly(3, 16, 4);
    assertThat(offsets).hasSize(23);
    for (int i = 0; i < offsets.size(); i++) {
      assertThat(offsets.get(i)).isEqualTo(i + 1L);
    }
    assertThat(frames).hasValue(3);
  }

  @ParameterizedTest
  @EnumSource(FrameFormat.class)
  @DisplayName("a single push goes out as it was encoded, alone in its frame")
  void singlePush(FrameFormat format) throws Exception {
    FrameCodec codec = FrameCodec.of(format, CodecLimits.DEFAULTS);
    List<Buffer> received = new CopyOnWriteArrayList<>();
    serve(codec, (socket, batch) -> batch.add(push(7)), new AtomicInteger(), received);

    await(() -> received.size() == 1);
    Thread.sleep(100);
    assertThat(received).hasSize(1);
    assertThat(received.get(0))
        .isEqualTo(codec.encode(Reply.newBuilder().setPush(pushProto(7)).build()));
  }

  @ParameterizedTest
  @EnumSource(FrameFormat.class)
  @DisplayName(
      "a push larger than one frame's 64 KiB reaches a client with that frame limit whole, cut into"
          + " continuation frames; pushes on either side of it keep their order")
  void largePush(FrameFormat format) throws Exception {
    FrameCodec codec = FrameCodec.of(format, CodecLimits.DEFAULTS);
    List<Buffer> received = new CopyOnWriteArrayList<>();
    String body = "x".repeat(150_000);
    serve(
        codec,
        (socket, batch) -> {
          batch.add(push(1));
          batch.flush();
          batch.add(new EncodedPush(pushProto(2, body)));
          batch.flush();
          batch.add(push(3));
        },
        new AtomicInteger(),
        received);

    await(() -> received.size() == 3);
    assertThat(received.get(1).length()).isGreaterThan(150_000);
    assertThat(received.get(1))
        .isEqualTo(codec.encode(Reply.newBuilder().setPush(pushProto(2, body)).build()));
    assertThat(offsets(codec, received.get(0))).containsExactly(1L);
    assertThat(offsets(codec, received.get(2))).containsExactly(3L);
  }

  @ParameterizedTest
  @EnumSource(FrameFormat.class)
  @DisplayName(
      "frames written straight to the channel still pass TLS: pushes, a large one and a reply"
          + " written by Vert.x arrive in order over a TLS connection")
  void overTls(FrameFormat format) throws Exception {
    FrameCodec codec = FrameCodec.of(format, CodecLimits.DEFAULTS);
    List<Buffer> received = new CopyOnWriteArrayList<>();
    String body = "y".repeat(80_000);
    serve(
        codec,
        (socket, batch) -> {
          batch.add(push(1));
          batch.add(push(2));
          batch.flush();
          batch.add(new EncodedPush(pushProto(3, body)));
          batch.flush();
          socket.writeTextMessage("reply");
        },
        new AtomicInteger(),
        received,
        true);

    await(() -> received.size() == 3);
    assertThat(offsets(codec, received.get(0))).containsExactly(1L, 2L);
    assertThat(offsets(codec, received.get(1))).containsExactly(3L);
    assertThat(received.get(2).toString()).isEqualTo("reply");
  }

  /** A push whose data is the JSON string {@code body}. */
  private static Push pushProto(long offset, String body) {
    return pushProto(offset).toBuilder()
        .setPub(
            Publication.newBuilder()
                .setOffset(offset)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("\"" + body + "\"")))
        .build();
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(done.getAsBoolean()).as("frames arrived in time").isTrue();
  }

  private void serve(
      FrameCodec codec,
      BiConsumer<ServerWebSocket, PushBatch> onOpen,
      AtomicInteger frames,
      List<Buffer> received) {
    serve(codec, onOpen, frames, received, false);
  }

  private void serve(
      FrameCodec codec,
      BiConsumer<ServerWebSocket, PushBatch> onOpen,
      AtomicInteger frames,
      List<Buffer> received,
      boolean tls) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    // The scenario starts when the client says it is listening, so no frame comes too early.
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions().setSsl(tls).setKeyCertOptions(certificate.keyCertOptions()))
            .webSocketHandler(
                socket ->
                    socket.textMessageHandler(
                        go ->
                            onOpen.accept(
                                socket,
                                new PushBatch(
                                    new EndOfTurn(vertx),
                                    output(socket),
                                    codec,
                                    frames::incrementAndGet))))
            .listen(0, "127.0.0.1")
            .await();
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setSsl(tls).setTrustAll(true).setVerifyHost(false));
    WebSocket socket = client.connect(server.actualPort(), "127.0.0.1", "/").await();
    socket.textMessageHandler(text -> received.add(Buffer.buffer(text)));
    socket.binaryMessageHandler(received::add);
    socket.writeTextMessage("go").await();
  }

  private SocketOutput output(ServerWebSocket socket) {
    return SocketOutput.of(
        ((WebSocketInternal) socket).channelHandlerContext().pipeline(), new EndOfTurn(vertx));
  }

  private static EncodedPush push(long offset) {
    return new EncodedPush(pushProto(offset));
  }

  private static Push pushProto(long offset) {
    return Push.newBuilder()
        .setChannel("conversation:c")
        .setPub(Publication.newBuilder().setOffset(offset))
        .build();
  }

  /** The offsets of the pushes in one frame, read as a client reads replies. */
  private static List<Long> offsets(FrameCodec codec, Buffer frame) throws IOException {
    List<Long> offsets = new ArrayList<>();
    if (codec.textFrames()) {
      for (String line : frame.toString().split("\n")) {
        JsonObject reply = new JsonObject(line);
        offsets.add(reply.getJsonObject("push").getJsonObject("pub").getLong("offset"));
      }
      return offsets;
    }
    CodedInputStream in = CodedInputStream.newInstance(frame.getBytes());
    while (!in.isAtEnd()) {
      int length = in.readRawVarint32();
      Reply reply = Reply.parseFrom(in.readRawBytes(length));
      offsets.add(reply.getPush().getPub().getOffset());
    }
    return offsets;
  }
}
