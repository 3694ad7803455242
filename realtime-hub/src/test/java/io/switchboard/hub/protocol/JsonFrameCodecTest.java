package io.switchboard.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.Connect;
import io.switchboard.protos.hub.v1.ConnectRequest;
import io.switchboard.protos.hub.v1.ConnectResult;
import io.switchboard.protos.hub.v1.Disconnect;
import io.switchboard.protos.hub.v1.Error;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.HistoryResult;
import io.switchboard.protos.hub.v1.Join;
import io.switchboard.protos.hub.v1.Leave;
import io.switchboard.protos.hub.v1.Message;
import io.switchboard.protos.hub.v1.PingRequest;
import io.switchboard.protos.hub.v1.PingResult;
import io.switchboard.protos.hub.v1.PresenceRequest;
import io.switchboard.protos.hub.v1.PresenceResult;
import io.switchboard.protos.hub.v1.PresenceStatsRequest;
import io.switchboard.protos.hub.v1.PresenceStatsResult;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.PublishRequest;
import io.switchboard.protos.hub.v1.PublishResult;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.RPCRequest;
import io.switchboard.protos.hub.v1.RPCResult;
import io.switchboard.protos.hub.v1.Refresh;
import io.switchboard.protos.hub.v1.RefreshRequest;
import io.switchboard.protos.hub.v1.RefreshResult;
import io.switchboard.protos.hub.v1.Reply;
import io.switchboard.protos.hub.v1.SendRequest;
import io.switchboard.protos.hub.v1.StreamPosition;
import io.switchboard.protos.hub.v1.SubRefreshRequest;
import io.switchboard.protos.hub.v1.SubRefreshResult;
import io.switchboard.protos.hub.v1.Subscribe;
import io.switchboard.protos.hub.v1.SubscribeRequest;
import io.switchboard.protos.hub.v1.SubscribeResult;
import io.switchboard.protos.hub.v1.Unsubscribe;
import io.switchboard.protos.hub.v1.UnsubscribeRequest;
import io.switchboard.protos.hub.v1.UnsubscribeResult;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("JSON frames as Centrifugo and its SDKs write them")
class JsonFrameCodecTest {

  private final FrameCodec codec = FrameCodec.of(FrameFormat.JSON, new CodecLimits(6, 4));

  private static ByteString json(String text) {
    return ByteString.copyFromUtf8(text);
  }

  private Command decodeOne(String frame) {
    List<Command> commands = codec.decode(Buffer.buffer(frame));
    assertThat(commands).hasSize(1);
    return commands.get(0);
  }

  private String encode(Reply reply) {
    return codec.encode(reply).toString();
  }

  @Nested
  @DisplayName("commands an SDK sends decode to the same Command")
  class Commands {

    @Test
    @DisplayName("connect with a token, SDK name and subscriptions to make at once")
    void connect() {
      assertThat(decodeOne("{\"id\":1,\"connect\":{\"token\":\"t\",\"name\":\"js\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(1)
                  .setConnect(ConnectRequest.newBuilder().setToken("t").setName("js"))
                  .build());
      assertThat(
              decodeOne(
                  "{\"id\":1,\"connect\":{\"token\":\"t\",\"data\":{\"device\":\"web\"},"
                      + "\"subs\":{\"conversation:abc\":{\"recover\":true,\"offset\":3}},"
                      + "\"name\":\"java\",\"version\":\"0.4.1\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(1)
                  .setConnect(
                      ConnectRequest.newBuilder()
                          .setToken("t")
                          .setData(json("{\"device\":\"web\"}"))
                          .putSubs(
                              "conversation:abc",
                              SubscribeRequest.newBuilder().setRecover(true).setOffset(3).build())
                          .setName("java")
                          .setVersion("0.4.1"))
                  .build());
    }

    @Test
    @DisplayName("subscribe asking to recover from an epoch and offset")
    void subscribe() {
      assertThat(
              decodeOne(
                  "{\"id\":2,\"subscribe\":{\"channel\":\"conversation:abc\",\"recover\":true,"
                      + "\"epoch\":\"xyz\",\"offset\":18446744073709551615,\"join_leave\":true}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(2)
                  .setSubscribe(
                      SubscribeRequest.newBuilder()
                          .setChannel("conversation:abc")
                          .setRecover(true)
                          .setEpoch("xyz")
                          .setOffset(-1L)
                          .setJoinLeave(true))
                  .build());
    }

    @Test
    @DisplayName("unsubscribe, publish, presence, presence_stats and history")
    void channelCommands() {
      assertThat(decodeOne("{\"id\":3,\"unsubscribe\":{\"channel\":\"c\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(3)
                  .setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("c"))
                  .build());
      assertThat(
              decodeOne(
                  "{\"id\":4,\"publish\":{\"channel\":\"conversation:abc\","
                      + "\"data\": { \"body\" : \"hi\", \"n\": [1, 2.50, true, null] } }}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(4)
                  .setPublish(
                      PublishRequest.newBuilder()
                          .setChannel("conversation:abc")
                          .setData(json("{\"body\":\"hi\",\"n\":[1,2.50,true,null]}")))
                  .build());
      assertThat(decodeOne("{\"id\":5,\"presence\":{\"channel\":\"c\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(5)
                  .setPresence(PresenceRequest.newBuilder().setChannel("c"))
                  .build());
      assertThat(decodeOne("{\"id\":6,\"presence_stats\":{\"channel\":\"c\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(6)
                  .setPresenceStats(PresenceStatsRequest.newBuilder().setChannel("c"))
                  .build());
      assertThat(
              decodeOne(
                  "{\"id\":7,\"history\":{\"channel\":\"c\",\"limit\":-1,"
                      + "\"since\":{\"offset\":7,\"epoch\":\"e\"},\"reverse\":true}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(7)
                  .setHistory(
                      HistoryRequest.newBuilder()
                          .setChannel("c")
                          .setLimit(-1)
                          .setSince(StreamPosition.newBuilder().setOffset(7).setEpoch("e"))
                          .setReverse(true))
                  .build());
    }

    @Test
    @DisplayName("ping, send, rpc, refresh and sub_refresh")
    void connectionCommands() {
      assertThat(decodeOne("{\"id\":8,\"ping\":{}}"))
          .isEqualTo(
              Command.newBuilder().setId(8).setPing(PingRequest.getDefaultInstance()).build());
      assertThat(decodeOne("{\"send\":{\"data\":\"typing\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setSend(SendRequest.newBuilder().setData(json("\"typing\"")))
                  .build());
      assertThat(decodeOne("{\"id\":9,\"rpc\":{\"method\":\"getUser\",\"data\":[42]}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(9)
                  .setRpc(RPCRequest.newBuilder().setMethod("getUser").setData(json("[42]")))
                  .build());
      assertThat(decodeOne("{\"id\":10,\"refresh\":{\"token\":\"t2\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(10)
                  .setRefresh(RefreshRequest.newBuilder().setToken("t2"))
                  .build());
      assertThat(decodeOne("{\"id\":11,\"sub_refresh\":{\"channel\":\"c\",\"token\":\"s\"}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(11)
                  .setSubRefresh(SubRefreshRequest.newBuilder().setChannel("c").setToken("s"))
                  .build());
    }

    @Test
    @DisplayName("the client's pong {} is a Command with nothing set")
    void pong() {
      assertThat(decodeOne("{}")).isEqualTo(Command.getDefaultInstance());
    }

    @Test
    @DisplayName("unknown keys and nulls are ignored, so newer SDKs keep working")
    void unknownKeys() {
      assertThat(
              decodeOne(
                  "{\"id\":1,\"future\":{\"a\":[1,{}]},\"subscribe\":{\"channel\":\"c\","
                      + "\"token\":null,\"newer\":true}}"))
          .isEqualTo(
              Command.newBuilder()
                  .setId(1)
                  .setSubscribe(SubscribeRequest.newBuilder().setChannel("c"))
                  .build());
    }

    @Test
    @DisplayName("several commands in one frame, with \\n, \\r\\n and a trailing newline")
    void severalCommands() {
      List<Command> commands =
          codec.decode(
              Buffer.buffer(
                  "{\"id\":1,\"presence\":{\"channel\":\"a\"}}\n"
                      + "{\"id\":2,\"presence\":{\"channel\":\"b\"}}\r\n{}\n"));
      assertThat(commands)
          .extracting(command -> command.getId() + ":" + command.getPresence().getChannel())
          .containsExactly("1:a", "2:b", "0:");
    }

    @Test
    @DisplayName("unicode and escapes in strings and embedded JSON survive the trip")
    void unicode() {
      Command command =
          decodeOne(
              "{\"id\":1,\"publish\":{\"channel\":\"caf\\u00e9 \\\"x\\\"\","
                  + "\"data\":{\"body\":\"h\\u00e9 \\ud83d\\ude00 \\n\\\"q\\\" \u4f60\"}}}");
      assertThat(command.getPublish().getChannel()).isEqualTo("café \"x\"");
      assertThat(command.getPublish().getData().toStringUtf8())
          .isEqualTo("{\"body\":\"hé 😀 \\n\\\"q\\\" 你\"}");

      Reply reply =
          Reply.newBuilder()
              .setPush(
                  Push.newBuilder()
                      .setChannel(command.getPublish().getChannel())
                      .setPub(Publication.newBuilder().setData(command.getPublish().getData())))
              .build();
      assertThat(encode(reply))
          .isEqualTo(
              "{\"push\":{\"channel\":\"café \\\"x\\\"\","
                  + "\"pub\":{\"data\":{\"body\":\"hé 😀 \\n\\\"q\\\" 你\"}}}}");
    }
  }

  @Nested
  @DisplayName("replies encode as Centrifugo writes them")
  class Replies {

    @Test
    @DisplayName("connect result with subscriptions, ping interval and data")
    void connect() {
      Reply reply =
          Reply.newBuilder()
              .setId(1)
              .setConnect(
                  ConnectResult.newBuilder()
                      .setClient("c1")
                      .setVersion("0.1.0")
                      .setExpires(true)
                      .setTtl(3600)
                      .setData(json("{\"tenant\":\"t\"}"))
                      .putSubs(
                          "user:42",
                          SubscribeResult.newBuilder()
                              .setRecoverable(true)
                              .setEpoch("e")
                              .setOffset(9)
                              .build())
                      .setPing(25)
                      .setPong(true)
                      .setNode("n1"))
              .build();
      assertThat(encode(reply))
          .isEqualTo(
              "{\"id\":1,\"connect\":{\"client\":\"c1\",\"version\":\"0.1.0\",\"expires\":true,"
                  + "\"ttl\":3600,\"data\":{\"tenant\":\"t\"},"
                  + "\"subs\":{\"user:42\":{\"recoverable\":true,\"epoch\":\"e\",\"offset\":9}},"
                  + "\"ping\":25,\"pong\":true,\"node\":\"n1\"}}");
    }

    @Test
    @DisplayName("subscribe result with recovered publications")
    void subscribe() {
      Reply reply =
          Reply.newBuilder()
              .setId(2)
              .setSubscribe(
                  SubscribeResult.newBuilder()
                      .setRecoverable(true)
                      .setEpoch("e")
                      .addPublications(
                          Publication.newBuilder().setData(json("{\"body\":\"a\"}")).setOffset(8))
                      .addPublications(
                          Publication.newBuilder().setData(json("{\"body\":\"b\"}")).setOffset(9))
                      .setRecovered(true)
                      .setOffset(9)
                      .setWasRecovering(true))
              .build();
      assertThat(encode(reply))
          .isEqualTo(
              "{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"e\",\"publications\":["
                  + "{\"data\":{\"body\":\"a\"},\"offset\":8},{\"data\":{\"body\":\"b\"},"
                  + "\"offset\":9}],\"recovered\":true,\"offset\":9,\"was_recovering\":true}}");
    }

    @Test
    @DisplayName("empty results that are set are written as {}")
    void emptyResults() {
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(3)
                      .setUnsubscribe(UnsubscribeResult.getDefaultInstance())
                      .build()))
          .isEqualTo("{\"id\":3,\"unsubscribe\":{}}");
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(4)
                      .setPublish(PublishResult.getDefaultInstance())
                      .build()))
          .isEqualTo("{\"id\":4,\"publish\":{}}");
      assertThat(
              encode(Reply.newBuilder().setId(5).setPing(PingResult.getDefaultInstance()).build()))
          .isEqualTo("{\"id\":5,\"ping\":{}}");
    }

    @Test
    @DisplayName("the server's ping is the empty reply {}")
    void serverPing() {
      assertThat(encode(Reply.getDefaultInstance())).isEqualTo("{}");
    }

    @Test
    @DisplayName("presence with conn_info and chan_info as raw JSON, and presence stats")
    void presence() {
      Reply presence =
          Reply.newBuilder()
              .setId(6)
              .setPresence(
                  PresenceResult.newBuilder()
                      .putPresence(
                          "c1",
                          ClientInfo.newBuilder()
                              .setUser("42")
                              .setClient("c1")
                              .setConnInfo(json("{\"name\":\"Ann\"}"))
                              .setChanInfo(json("{\"role\":\"agent\"}"))
                              .build()))
              .build();
      assertThat(encode(presence))
          .isEqualTo(
              "{\"id\":6,\"presence\":{\"presence\":{\"c1\":{\"user\":\"42\",\"client\":\"c1\","
                  + "\"conn_info\":{\"name\":\"Ann\"},\"chan_info\":{\"role\":\"agent\"}}}}}");
      Reply stats =
          Reply.newBuilder()
              .setId(7)
              .setPresenceStats(PresenceStatsResult.newBuilder().setNumClients(3).setNumUsers(2))
              .build();
      assertThat(encode(stats))
          .isEqualTo("{\"id\":7,\"presence_stats\":{\"num_clients\":3,\"num_users\":2}}");
    }

    @Test
    @DisplayName(
        "history with publications carrying info and tags; offsets beyond 2^63 stay numbers")
    void history() {
      Reply reply =
          Reply.newBuilder()
              .setId(8)
              .setHistory(
                  HistoryResult.newBuilder()
                      .addPublications(
                          Publication.newBuilder()
                              .setData(json("{\"body\":\"hi\"}"))
                              .setInfo(ClientInfo.newBuilder().setUser("42").setClient("c1"))
                              .setOffset(7)
                              .putTags("kind", "text"))
                      .setEpoch("e")
                      .setOffset(-1L))
              .build();
      assertThat(encode(reply))
          .isEqualTo(
              "{\"id\":8,\"history\":{\"publications\":[{\"data\":{\"body\":\"hi\"},"
                  + "\"info\":{\"user\":\"42\",\"client\":\"c1\"},\"offset\":7,"
                  + "\"tags\":{\"kind\":\"text\"}}],\"epoch\":\"e\","
                  + "\"offset\":18446744073709551615}}");
    }

    @Test
    @DisplayName("rpc, refresh and sub_refresh results")
    void otherResults() {
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(9)
                      .setRpc(RPCResult.newBuilder().setData(json("{\"ok\":true}")))
                      .build()))
          .isEqualTo("{\"id\":9,\"rpc\":{\"data\":{\"ok\":true}}}");
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(10)
                      .setRefresh(
                          RefreshResult.newBuilder()
                              .setClient("c1")
                              .setVersion("0.1.0")
                              .setExpires(true)
                              .setTtl(60))
                      .build()))
          .isEqualTo(
              "{\"id\":10,\"refresh\":{\"client\":\"c1\",\"version\":\"0.1.0\","
                  + "\"expires\":true,\"ttl\":60}}");
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(11)
                      .setSubRefresh(SubRefreshResult.newBuilder().setExpires(true).setTtl(60))
                      .build()))
          .isEqualTo("{\"id\":11,\"sub_refresh\":{\"expires\":true,\"ttl\":60}}");
    }

    @Test
    @DisplayName("an error reply")
    void error() {
      assertThat(
              encode(
                  Reply.newBuilder()
                      .setId(2)
                      .setError(Error.newBuilder().setCode(103).setMessage("permission denied"))
                      .build()))
          .isEqualTo("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
    }

    @Test
    @DisplayName("several replies in one frame are joined by newlines")
    void severalReplies() {
      Buffer frame =
          codec.encode(
              List.of(
                  Reply.newBuilder().setId(1).setPing(PingResult.getDefaultInstance()).build(),
                  Reply.getDefaultInstance(),
                  Reply.newBuilder().setId(2).setError(Error.newBuilder().setCode(100)).build()));
      assertThat(frame.toString())
          .isEqualTo("{\"id\":1,\"ping\":{}}\n{}\n{\"id\":2,\"error\":{\"code\":100}}");
      assertThat(codec.textFrames()).isTrue();
    }
  }

  @Nested
  @DisplayName("pushes encode as Centrifugo writes them")
  class Pushes {

    private String push(Push.Builder push) {
      return encode(Reply.newBuilder().setPush(push).build());
    }

    @Test
    @DisplayName("a publication")
    void publication() {
      assertThat(
              push(
                  Push.newBuilder()
                      .setChannel("conversation:abc")
                      .setPub(
                          Publication.newBuilder()
                              .setData(json("{\"body\":\"hi\"}"))
                              .setOffset(7))))
          .isEqualTo(
              "{\"push\":{\"channel\":\"conversation:abc\",\"pub\":{\"data\":{\"body\":\"hi\"},"
                  + "\"offset\":7}}}");
    }

    @Test
    @DisplayName("join and leave")
    void joinLeave() {
      ClientInfo info =
          ClientInfo.newBuilder()
              .setUser("42")
              .setClient("c1")
              .setConnInfo(json("{\"name\":\"Ann\"}"))
              .build();
      assertThat(push(Push.newBuilder().setChannel("c").setJoin(Join.newBuilder().setInfo(info))))
          .isEqualTo(
              "{\"push\":{\"channel\":\"c\",\"join\":{\"info\":{\"user\":\"42\",\"client\":\"c1\","
                  + "\"conn_info\":{\"name\":\"Ann\"}}}}}");
      assertThat(push(Push.newBuilder().setChannel("c").setLeave(Leave.newBuilder().setInfo(info))))
          .isEqualTo(
              "{\"push\":{\"channel\":\"c\",\"leave\":{\"info\":{\"user\":\"42\",\"client\":\"c1\","
                  + "\"conn_info\":{\"name\":\"Ann\"}}}}}");
    }

    @Test
    @DisplayName("unsubscribe, subscribe and message")
    void channelPushes() {
      assertThat(
              push(
                  Push.newBuilder()
                      .setChannel("c")
                      .setUnsubscribe(Unsubscribe.newBuilder().setCode(2000).setReason("server"))))
          .isEqualTo(
              "{\"push\":{\"channel\":\"c\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server\"}}}");
      assertThat(
              push(
                  Push.newBuilder()
                      .setChannel("c")
                      .setSubscribe(
                          Subscribe.newBuilder()
                              .setRecoverable(true)
                              .setEpoch("e")
                              .setOffset(1)
                              .setPositioned(true))))
          .isEqualTo(
              "{\"push\":{\"channel\":\"c\",\"subscribe\":{\"recoverable\":true,\"epoch\":\"e\","
                  + "\"offset\":1,\"positioned\":true}}}");
      assertThat(push(Push.newBuilder().setMessage(Message.newBuilder().setData(json("\"hey\"")))))
          .isEqualTo("{\"push\":{\"message\":{\"data\":\"hey\"}}}");
    }

    @Test
    @DisplayName("connect, disconnect and refresh")
    void connectionPushes() {
      assertThat(
              push(
                  Push.newBuilder()
                      .setConnect(
                          Connect.newBuilder().setClient("c1").setVersion("0.1.0").setPing(25))))
          .isEqualTo(
              "{\"push\":{\"connect\":{\"client\":\"c1\",\"version\":\"0.1.0\",\"ping\":25}}}");
      assertThat(
              push(
                  Push.newBuilder()
                      .setDisconnect(
                          Disconnect.newBuilder()
                              .setCode(3001)
                              .setReason("shutdown")
                              .setReconnect(true))))
          .isEqualTo(
              "{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\",\"reconnect\":true}}}");
      assertThat(
              push(Push.newBuilder().setRefresh(Refresh.newBuilder().setExpires(true).setTtl(60))))
          .isEqualTo("{\"push\":{\"refresh\":{\"expires\":true,\"ttl\":60}}}");
    }
  }

  @Nested
  @DisplayName("frames the hub refuses, with a reason")
  class BadFrames {

    private void refused(String frame, String reason) {
      assertThatThrownBy(() -> codec.decode(Buffer.buffer(frame)))
          .isInstanceOf(BadFrameException.class)
          .hasMessageContaining(reason);
    }

    @Test
    @DisplayName("invalid JSON")
    void invalidJson() {
      refused("{\"id\":1,", "invalid JSON");
      refused("{\"id\":1}}", "invalid JSON");
      refused("{\"id\" 1}", "invalid JSON");
    }

    @Test
    @DisplayName("JSON nested deeper than the limit; the limit itself is fine")
    void tooDeep() {
      // Limit 6: command, publish, data and three more levels.
      assertThat(
              decodeOne("{\"publish\":{\"data\":{\"a\":{\"b\":[{}]}}}}")
                  .getPublish()
                  .getData()
                  .toStringUtf8())
          .isEqualTo("{\"a\":{\"b\":[{}]}}");
      refused(
          "{\"publish\":{\"data\":{\"a\":{\"b\":[{\"c\":[]}]}}}}",
          "nested deeper than the limit of 6");
      refused("{\"unknown\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}", "nested deeper");
    }

    @Test
    @DisplayName("a line that is not an object")
    void notAnObject() {
      refused("[1]", "command 1 is an array, not an object");
      refused("{}\n\"ping\"", "command 2 is a string, not an object");
      refused("7", "command 1 is a number, not an object");
    }

    @Test
    @DisplayName("a known field with the wrong JSON type names the field")
    void wrongType() {
      refused("{\"id\":\"x\"}", "field \"id\" must be an unsigned 32-bit integer, got a string");
      refused("{\"id\":-1}", "field \"id\" is out of range");
      refused("{\"id\":4294967296}", "field \"id\" is out of range");
      refused("{\"id\":1.5}", "field \"id\" must be an unsigned 32-bit integer, got a number");
      refused(
          "{\"subscribe\":{\"channel\":5}}",
          "field \"subscribe.channel\" must be a string, got a number");
      refused("{\"subscribe\":[]}", "field \"subscribe\" must be an object, got an array");
      refused("{\"subscribe\":{\"recover\":1}}", "field \"subscribe.recover\" must be a boolean");
      refused(
          "{\"connect\":{\"subs\":{\"c\":{\"offset\":\"1\"}}}}",
          "field \"connect.subs.c.offset\" must be an unsigned 64-bit integer");
    }

    @Test
    @DisplayName("more commands than the limit")
    void tooManyCommands() {
      assertThat(codec.decode(Buffer.buffer("{}\n{}\n{}\n{}"))).hasSize(4);
      refused("{}\n{}\n{}\n{}\n{}", "more than 4 commands");
    }
  }

  @Test
  @DisplayName("an empty or blank frame holds no commands")
  void emptyFrame() {
    assertThat(codec.decode(Buffer.buffer(""))).isEmpty();
    assertThat(codec.decode(Buffer.buffer("\n"))).isEmpty();
  }
}
