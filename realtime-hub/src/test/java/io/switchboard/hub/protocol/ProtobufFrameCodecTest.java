package io.switchboard.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.github.centrifugal.centrifuge.internal.protocol.Protocol;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.ConnectRequest;
import io.switchboard.protos.hub.v1.ConnectResult;
import io.switchboard.protos.hub.v1.Error;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.PingRequest;
import io.switchboard.protos.hub.v1.PresenceResult;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.PublishRequest;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import io.switchboard.protos.hub.v1.StreamPosition;
import io.switchboard.protos.hub.v1.SubscribeRequest;
import io.switchboard.protos.hub.v1.SubscribeResult;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Protobuf frames as the Centrifuge SDKs write and read them")
class ProtobufFrameCodecTest {

  private final FrameCodec codec = FrameCodec.of(FrameFormat.PROTOBUF, new CodecLimits(6, 3));

  private static ByteString json(String text) {
    return ByteString.copyFromUtf8(text);
  }

  private static final Command CONNECT =
      Command.newBuilder()
          .setId(1)
          .setConnect(
              ConnectRequest.newBuilder()
                  .setToken("t")
                  .setData(json("{\"device\":\"web\"}"))
                  .putSubs(
                      "user:42",
                      SubscribeRequest.newBuilder()
                          .setRecover(true)
                          .setOffset(5)
                          .setEpoch("e")
                          .build())
                  .setName("java")
                  .setVersion("0.4.1"))
          .build();

  private static final Command HISTORY =
      Command.newBuilder()
          .setId(2)
          .setHistory(
              HistoryRequest.newBuilder()
                  .setChannel("conversation:abc")
                  .setLimit(-1)
                  .setSince(StreamPosition.newBuilder().setOffset(7).setEpoch("e"))
                  .setReverse(true))
          .build();

  private static final Reply PUBLICATION =
      Reply.newBuilder()
          .setPush(
              Push.newBuilder()
                  .setChannel("conversation:abc")
                  .setPub(
                      Publication.newBuilder()
                          .setData(json("{\"body\":\"hi\"}"))
                          .setInfo(
                              ClientInfo.newBuilder()
                                  .setUser("42")
                                  .setClient("c1")
                                  .setConnInfo(json("{\"name\":\"Ann\"}")))
                          .setOffset(7)
                          .putTags("kind", "text")))
          .build();

  private static final Reply CONNECTED =
      Reply.newBuilder()
          .setId(1)
          .setConnect(
              ConnectResult.newBuilder()
                  .setClient("c1")
                  .setVersion("0.1.0")
                  .setExpires(true)
                  .setTtl(3600)
                  .putSubs(
                      "user:42",
                      SubscribeResult.newBuilder()
                          .setRecoverable(true)
                          .setEpoch("e")
                          .setOffset(9)
                          .addPublications(Publication.newBuilder().setData(json("1")).setOffset(9))
                          .build())
                  .setPing(25)
                  .setPong(true))
          .build();

  private static byte[] delimited(com.google.protobuf.MessageLite... messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (com.google.protobuf.MessageLite message : messages) {
      message.writeDelimitedTo(out);
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("several commands in one binary frame decode in order")
  void severalCommands() throws IOException {
    byte[] frame = delimited(CONNECT, HISTORY, Command.getDefaultInstance());
    assertThat(codec.decode(Buffer.buffer(frame)))
        .containsExactly(CONNECT, HISTORY, Command.getDefaultInstance());
    assertThat(codec.textFrames()).isFalse();
  }

  @Test
  @DisplayName("a lone 0x00 is one empty Command, the client's pong; an empty frame holds none")
  void pong() {
    assertThat(codec.decode(Buffer.buffer(new byte[] {0})))
        .containsExactly(Command.getDefaultInstance());
    assertThat(codec.decode(Buffer.buffer())).isEmpty();
  }

  @Test
  @DisplayName("replies encode length-delimited into one frame and read back")
  void replies() throws IOException {
    Reply error =
        Reply.newBuilder()
            .setId(2)
            .setError(Error.newBuilder().setCode(103).setMessage("permission denied"))
            .build();
    Buffer frame = codec.encode(List.of(CONNECTED, PUBLICATION, Reply.getDefaultInstance(), error));
    assertThat(frame.getBytes())
        .isEqualTo(delimited(CONNECTED, PUBLICATION, Reply.getDefaultInstance(), error));

    InputStream in = new ByteArrayInputStream(frame.getBytes());
    List<Reply> read = new ArrayList<>();
    Reply reply;
    while ((reply = Reply.parseDelimitedFrom(in)) != null) {
      read.add(reply);
    }
    assertThat(read).containsExactly(CONNECTED, PUBLICATION, Reply.getDefaultInstance(), error);
    assertThat(codec.encode(Reply.getDefaultInstance()).getBytes()).containsExactly(0);
  }

  @Test
  @DisplayName("what we write parses with the centrifuge-java SDK's own classes")
  void sdkReadsOurReplies() throws IOException {
    Reply presence =
        Reply.newBuilder()
            .setId(3)
            .setPresence(
                PresenceResult.newBuilder()
                    .putPresence(
                        "c1",
                        ClientInfo.newBuilder()
                            .setUser("42")
                            .setClient("c1")
                            .setChanInfo(json("{\"role\":\"agent\"}"))
                            .build()))
            .build();
    InputStream in =
        new ByteArrayInputStream(
            codec.encode(List.of(CONNECTED, PUBLICATION, presence)).getBytes());

    Protocol.Reply connected = Protocol.Reply.parseDelimitedFrom(in);
    assertThat(connected.getId()).isEqualTo(1);
    assertThat(connected.getConnect().getClient()).isEqualTo("c1");
    assertThat(connected.getConnect().getExpires()).isTrue();
    assertThat(connected.getConnect().getTtl()).isEqualTo(3600);
    assertThat(connected.getConnect().getPing()).isEqualTo(25);
    assertThat(connected.getConnect().getPong()).isTrue();
    Protocol.SubscribeResult sub = connected.getConnect().getSubsMap().get("user:42");
    assertThat(sub.getRecoverable()).isTrue();
    assertThat(sub.getEpoch()).isEqualTo("e");
    assertThat(sub.getOffset()).isEqualTo(9);
    assertThat(sub.getPublications(0).getData().toStringUtf8()).isEqualTo("1");

    Protocol.Reply pushed = Protocol.Reply.parseDelimitedFrom(in);
    assertThat(pushed.getId()).isZero();
    assertThat(pushed.getPush().getChannel()).isEqualTo("conversation:abc");
    Protocol.Publication pub = pushed.getPush().getPub();
    assertThat(pub.getData().toStringUtf8()).isEqualTo("{\"body\":\"hi\"}");
    assertThat(pub.getOffset()).isEqualTo(7);
    assertThat(pub.getInfo().getUser()).isEqualTo("42");
    assertThat(pub.getInfo().getConnInfo().toStringUtf8()).isEqualTo("{\"name\":\"Ann\"}");
    assertThat(pub.getTagsMap()).containsEntry("kind", "text");

    Protocol.Reply present = Protocol.Reply.parseDelimitedFrom(in);
    assertThat(present.getPresence().getPresenceMap().get("c1").getChanInfo().toStringUtf8())
        .isEqualTo("{\"role\":\"agent\"}");
    assertThat(Protocol.Reply.parseDelimitedFrom(in)).isNull();
  }

  @Test
  @DisplayName("what the centrifuge-java SDK's own classes write decodes to the same values")
  void weReadSdkCommands() throws IOException {
    Protocol.Command connect =
        Protocol.Command.newBuilder()
            .setId(1)
            .setConnect(
                Protocol.ConnectRequest.newBuilder()
                    .setToken("t")
                    .setData(json("{\"device\":\"web\"}"))
                    .putSubs(
                        "user:42",
                        Protocol.SubscribeRequest.newBuilder()
                            .setRecover(true)
                            .setOffset(5)
                            .setEpoch("e")
                            .build())
                    .setName("java")
                    .setVersion("0.4.1"))
            .build();
    Protocol.Command publish =
        Protocol.Command.newBuilder()
            .setId(2)
            .setPublish(
                Protocol.PublishRequest.newBuilder()
                    .setChannel("conversation:abc")
                    .setData(json("{\"body\":\"hi\"}")))
            .build();
    Protocol.Command ping =
        Protocol.Command.newBuilder()
            .setId(3)
            .setPing(Protocol.PingRequest.getDefaultInstance())
            .build();

    List<Command> decoded = codec.decode(Buffer.buffer(delimited(connect, publish, ping)));

    assertThat(decoded)
        .containsExactly(
            CONNECT,
            Command.newBuilder()
                .setId(2)
                .setPublish(
                    PublishRequest.newBuilder()
                        .setChannel("conversation:abc")
                        .setData(json("{\"body\":\"hi\"}")))
                .build(),
            Command.newBuilder().setId(3).setPing(PingRequest.getDefaultInstance()).build());
    assertThat(decodeOne(delimited(Protocol.Command.getDefaultInstance())))
        .isEqualTo(Command.getDefaultInstance());
  }

  private Command decodeOne(byte[] frame) {
    List<Command> commands = codec.decode(Buffer.buffer(frame));
    assertThat(commands).hasSize(1);
    return commands.get(0);
  }

  @Test
  @DisplayName("a truncated or invalid message is refused with a reason")
  void badFrames() throws IOException {
    byte[] whole = delimited(CONNECT);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> codec.decode(Buffer.buffer(truncated)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("command 1 is truncated");

    // Length 3, then a tag for field 1 as a varint whose bytes never end.
    byte[] invalid = {3, 0x08, (byte) 0xFF, (byte) 0xFF};
    assertThatThrownBy(() -> codec.decode(Buffer.buffer(invalid)))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("command 1 is not a valid protobuf Command");

    byte[] unfinishedPrefix = {(byte) 0x80};
    assertThatThrownBy(() -> codec.decode(Buffer.buffer(unfinishedPrefix)))
        .isInstanceOf(BadFrameException.class);
  }

  @Test
  @DisplayName("more commands than the limit are refused")
  void tooManyCommands() throws IOException {
    Command empty = Command.getDefaultInstance();
    assertThat(codec.decode(Buffer.buffer(delimited(empty, empty, empty)))).hasSize(3);
    assertThatThrownBy(() -> codec.decode(Buffer.buffer(delimited(empty, empty, empty, empty))))
        .isInstanceOf(BadFrameException.class)
        .hasMessageContaining("more than 3 commands");
  }
}
