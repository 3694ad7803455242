package io.switchboard.server.voice;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.AiAddresses;
import io.switchboard.platform.testing.TestTokens;
import io.switchboard.server.chat.ChatFixture;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.tts.FreeTtsSpeech;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A node running hub, crud and voice on the machine's PostgreSQL and Redis, the embedded voice to
 * speak as callers, and an AI agent that a test can put on the node's event bus in place of the ai
 * role, answering over its contract ({@link AiAddresses#VOICE_TURN}).
 */
final class VoiceFixture implements AutoCloseable {

  final ChatFixture node;
  final Path recordings;
  private final FreeTtsSpeech voice;
  private final List<MessageConsumer<?>> agents = new CopyOnWriteArrayList<>();

  private VoiceFixture(ChatFixture node, Path recordings, FreeTtsSpeech voice) {
    this.node = node;
    this.recordings = recordings;
    this.voice = voice;
  }

  static VoiceFixture start(Path dir, Map<String, String> settings) throws Exception {
    Path recordings = dir.resolve("recordings");
    Map<String, String> all = new HashMap<>(settings);
    all.put("switchboard.voice.recording-dir", recordings.toString());
    ChatFixture node = ChatFixture.single(dir, all, List.of("hub", "crud", "voice"));
    FreeTtsSpeech voice = FreeTtsSpeech.start(node.clientVertx(), 1).await(60, SECONDS);
    return new VoiceFixture(node, recordings, voice);
  }

  /** Two clustered nodes running hub, crud and voice, on one event bus. */
  static VoiceFixture cluster(Path dir, Map<String, String> settings) throws Exception {
    Path recordings = dir.resolve("recordings");
    Map<String, String> all = new HashMap<>(settings);
    all.put("switchboard.voice.recording-dir", recordings.toString());
    ChatFixture nodes = ChatFixture.cluster(dir, all, List.of("hub", "crud", "voice"));
    FreeTtsSpeech voice = FreeTtsSpeech.start(nodes.clientVertx(), 1).await(60, SECONDS);
    return new VoiceFixture(nodes, recordings, voice);
  }

  int port() {
    return port(0);
  }

  /** The HTTP port of node {@code index}. */
  int port(int index) {
    return node.node(index).httpPort();
  }

  Vertx client() {
    return node.clientVertx();
  }

  /** A new tenant, made by its admin's first request. */
  String tenant() throws Exception {
    String tenant = "voice-" + UUID.randomUUID().toString().substring(0, 8);
    node.get(admin(tenant), "/api/v1/tenant");
    return tenant;
  }

  static String admin(String tenant) {
    return TestTokens.mint(tenant, "admin-1", Role.ADMIN);
  }

  static String service(String tenant) {
    return TestTokens.mint(tenant, "phone-line", Role.SERVICE);
  }

  /** Sets the tenant's {@code settings.voice}. */
  void voiceSettings(String tenant, JsonObject voice) throws Exception {
    node.patch(
        admin(tenant),
        "/api/v1/tenant",
        new JsonObject().put("settings", new JsonObject().put("voice", voice)));
  }

  /** A voice inbox of the tenant; its id. */
  String inbox(String tenant, String name) throws Exception {
    return node.post(
            admin(tenant),
            "/api/v1/inboxes",
            new JsonObject().put("name", name).put("channel", "voice"))
        .getString("id");
  }

  /** 16 kHz audio of {@code text}, spoken by the embedded voice. */
  short[] wideband(String text) throws Exception {
    return voice.synthesize("test", text).await(30, SECONDS).pcm();
  }

  /** 8 kHz telephony audio of {@code text}. */
  short[] telephony(String text) throws Exception {
    return RationalResampler.resample(wideband(text), 16_000, 8_000);
  }

  /**
   * An AI agent answering every turn with {@code reply}, streamed a word at a time; removed when
   * the fixture's {@link #removeAgents()} runs. The turns it was asked, in order.
   */
  List<JsonObject> aiAnswering(String reply, boolean handoff) throws Exception {
    List<JsonObject> turns = new CopyOnWriteArrayList<>();
    EventBus bus = node.node(0).vertx().eventBus();
    MessageConsumer<JsonObject> consumer =
        bus.consumer(
            AiAddresses.VOICE_TURN,
            message -> {
              JsonObject turn = message.body();
              turns.add(turn);
              message.reply(new JsonObject().put("accepted", true));
              String to = turn.getString("reply_to");
              String id = turn.getString("turn_id");
              for (String piece : reply.split("(?<= )")) {
                bus.send(to, new JsonObject().put("turn_id", id).put("delta", piece));
              }
              bus.send(
                  to,
                  new JsonObject().put("turn_id", id).put("done", true).put("handoff", handoff));
            });
    consumer.completion().await(5, SECONDS);
    agents.add(consumer);
    return turns;
  }

  void removeAgents() throws Exception {
    for (MessageConsumer<?> consumer : agents) {
      consumer.unregister().await(5, SECONDS);
    }
    agents.clear();
  }

  /** The tenant's one ended call, once crud-api has it. */
  JsonObject endedCall(String tenant) throws Exception {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonArray items = node.get(admin(tenant), "/api/v1/calls?state=ended").getJsonArray("items");
      if (!items.isEmpty()) {
        return items.getJsonObject(0);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no ended call for " + tenant);
  }

  /** The id of the tenant's live call, once it is in progress. */
  String liveCall(String tenant) throws Exception {
    long deadline = System.nanoTime() + SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonArray items =
          node.get(admin(tenant), "/api/v1/calls?state=in-progress").getJsonArray("items");
      if (!items.isEmpty()) {
        return items.getJsonObject(0).getString("id");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no live call for " + tenant);
  }

  /** The texts of a stored transcript, in order. */
  static List<String> texts(JsonObject call) {
    return call.getJsonArray("transcript").stream()
        .map(s -> ((JsonObject) s).getString("text"))
        .toList();
  }

  /** Root mean square of some frames of audio. */
  static double rms(List<short[]> frames) {
    double sum = 0;
    long n = 0;
    for (short[] frame : frames) {
      for (short s : frame) {
        sum += (double) s * s;
        n++;
      }
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }

  @Override
  public void close() throws Exception {
    removeAgents();
    voice.close();
    node.close();
  }
}
