package io.switchboard.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.platform.error.Invalid;
import io.switchboard.voice.tts.SpeechEngineException.Reason;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenAI-compatible text-to-speech")
class OpenAiSpeechTest {

  /** What the endpoint received. */
  record Received(String method, String path, String authorization, JsonObject body) {}

  private Vertx vertx;
  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Handler<HttpServerRequest> answer;
  private OpenAiSpeech tts;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              received.add(
                                  new Received(
                                      request.method().name(),
                                      request.path(),
                                      request.getHeader("Authorization"),
                                      body.toJsonObject()));
                              answer.handle(request);
                            }))
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterEach
  void stop() {
    if (tts != null) {
      tts.close();
    }
    vertx.close().await();
  }

  private OpenAiSpeech engine(String apiKey, long timeoutMs) {
    String baseUrl = "http://127.0.0.1:" + server.actualPort() + "/v1/";
    tts =
        OpenAiSpeech.create(
            vertx, new VoiceConfig.Tts("openai", 2, baseUrl, "tts-1", "alloy", apiKey), timeoutMs);
    return tts;
  }

  /** One second of a 440 Hz tone at 24 kHz, 16-bit little-endian, as the endpoint sends it. */
  private static Buffer tone24k() {
    Buffer pcm = Buffer.buffer();
    for (int i = 0; i < OpenAiSpeech.SOURCE_RATE; i++) {
      pcm.appendShortLE(
          (short) Math.round(8_000 * Math.sin(2 * Math.PI * 440 * i / OpenAiSpeech.SOURCE_RATE)));
    }
    return pcm;
  }

  private static int zeroCrossings(short[] pcm) {
    int crossings = 0;
    for (int i = 1; i < pcm.length; i++) {
      if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
        crossings++;
      }
    }
    return crossings;
  }

  @Test
  @DisplayName("a sentence is posted as JSON with the bearer key and comes back as 16 kHz audio")
  void speaksThroughEndpoint() {
    answer = request -> request.response().putHeader("content-type", "audio/pcm").end(tone24k());

    Speech speech = engine("sk-test", 5_000).synthesize("t1", "Hello there.").await();

    assertThat(received).hasSize(1);
    Received call = received.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v1/audio/speech");
    assertThat(call.authorization()).isEqualTo("Bearer sk-test");
    assertThat(call.body())
        .isEqualTo(
            new JsonObject()
                .put("model", "tts-1")
                .put("voice", "alloy")
                .put("input", "Hello there.")
                .put("response_format", "pcm"));
    assertThat(speech.text()).isEqualTo("Hello there.");
    assertThat(speech.pcm()).hasSize(Speech.SAMPLE_RATE);
    // The tone keeps its pitch: 440 Hz crosses zero 880 times a second.
    assertThat(zeroCrossings(speech.pcm())).isBetween(870, 890);
  }

  @Test
  @DisplayName("with no key configured no Authorization header is sent")
  void noKeyNoHeader() {
    answer = request -> request.response().end(tone24k());

    engine("", 5_000).synthesize("t1", "Hi.").await();

    assertThat(received.get(0).authorization()).isNull();
  }

  @Test
  @DisplayName("a 401 fails with the status and the engine's reason")
  void unauthorizedFails() {
    answer =
        request -> request.response().setStatusCode(401).end("{\"error\":\"invalid api key\"}");

    assertThatThrownBy(() -> engine("wrong", 5_000).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.STATUS);
              assertThat(e.status()).isEqualTo(401);
            })
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("invalid api key");
  }

  @Test
  @DisplayName("a 500 fails with the status")
  void serverErrorFails() {
    answer = request -> request.response().setStatusCode(500).end("x".repeat(10_000));

    assertThatThrownBy(() -> engine("k", 5_000).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("HTTP 500")
        .satisfies(
            e ->
                assertThat(e.getMessage().length())
                    .isLessThan(OpenAiSpeech.QUOTED_ERROR_CHARS + 100));
  }

  @Test
  @DisplayName("a 200 with an odd number of bytes fails as a bad body")
  void oddBodyFails() {
    answer = request -> request.response().end(Buffer.buffer(new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> engine("k", 5_000).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.BAD_BODY);
              assertThat(e.status()).isEqualTo(200);
            })
        .hasMessageContaining("3 bytes");
  }

  @Test
  @DisplayName("a 200 with an empty body fails as a bad body")
  void emptyBodyFails() {
    answer = request -> request.response().end();

    assertThatThrownBy(() -> engine("k", 5_000).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BODY));
  }

  @Test
  @DisplayName("a 200 with a JSON document instead of audio fails as a bad body")
  void jsonBodyFails() {
    answer =
        request ->
            request
                .response()
                .putHeader("content-type", "application/json")
                .end("{\"error\":\"oops\"}");

    assertThatThrownBy(() -> engine("k", 5_000).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BODY))
        .hasMessageContaining("JSON");
  }

  @Test
  @DisplayName("an engine that never answers fails with a timeout naming the limit")
  void silentEngineTimesOut() {
    answer = request -> {};

    assertThatThrownBy(() -> engine("k", 300).synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
              assertThat(e.status()).isZero();
            })
        .hasMessageContaining("300 ms");
  }

  @Test
  @DisplayName("an engine that cannot be reached fails as unreachable")
  void unreachableEngineFails() {
    OpenAiSpeech engine = engine("k", 5_000);
    server.close().await();

    assertThatThrownBy(() -> engine.synthesize("t1", "Hi.").await())
        .isInstanceOfSatisfying(
            SpeechEngineException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
  }

  @Test
  @DisplayName("empty or over-long text is refused before anything is sent")
  void badTextRefusedLocally() {
    answer = request -> request.response().end(tone24k());
    OpenAiSpeech engine = engine("k", 5_000);

    assertThatThrownBy(() -> engine.synthesize("t1", " ").await()).isInstanceOf(Invalid.class);
    assertThatThrownBy(() -> engine.synthesize("t1", "a".repeat(SpeechText.MAX_CHARS + 1)).await())
        .isInstanceOf(Invalid.class);
    assertThat(received).isEmpty();
  }
}
