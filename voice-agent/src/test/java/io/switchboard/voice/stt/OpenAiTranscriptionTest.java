package io.switchboard.voice.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.voice.stt.SpeechToTextException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenAI-compatible transcription against a real local HTTP server")
class OpenAiTranscriptionTest {

  private static final String KEY = "sk-test-123";

  private Vertx vertx;
  private HttpServer server;
  private final Map<String, String> fields = new ConcurrentHashMap<>();
  private final AtomicReference<Buffer> file = new AtomicReference<>();
  private final AtomicReference<String> fileName = new AtomicReference<>();
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicReference<String> path = new AtomicReference<>();
  private volatile Consumer<HttpServerRequest> answer;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    answer =
        req -> req.response().end(new JsonObject().put("text", "Go forward, ten meters.").encode());
    server =
        vertx
            .createHttpServer()
            .requestHandler(this::receive)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  /** Parses the multipart upload as an OpenAI server would, then answers as the test says. */
  private void receive(HttpServerRequest req) {
    path.set(req.path());
    authorization.set(req.getHeader("Authorization"));
    req.setExpectMultipart(true);
    req.uploadHandler(
        upload -> {
          fileName.set(upload.name() + ":" + upload.filename() + ":" + upload.contentType());
          Buffer content = Buffer.buffer();
          upload.handler(content::appendBuffer);
          upload.endHandler(done -> file.set(content));
        });
    req.endHandler(
        done -> {
          req.formAttributes().forEach(e -> fields.put(e.getKey(), e.getValue()));
          answer.accept(req);
        });
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private OpenAiTranscription engine(String key, long timeoutMs) {
    return new OpenAiTranscription(
        WebClient.create(vertx),
        "http://127.0.0.1:" + server.actualPort() + "/v1/",
        "whisper-1",
        key,
        timeoutMs);
  }

  private static short[] tone(int samples) {
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 8_000.0));
    }
    return pcm;
  }

  @Test
  @DisplayName(
      "The utterance is posted as a WAV file with model and format, and its text comes back")
  void postsWavAndParsesText() throws Exception {
    short[] pcm = tone(8_000);
    Transcript heard =
        Feeding.all(engine(KEY, 5_000), new UtteranceRequest("t", 8_000, List.of()), pcm)
            .await(10, TimeUnit.SECONDS);

    assertThat(heard.text()).isEqualTo("go forward ten meters");
    assertThat(heard.audioMs()).isEqualTo(1_000);
    assertThat(path.get()).isEqualTo("/v1/audio/transcriptions");
    assertThat(authorization.get()).isEqualTo("Bearer " + KEY);
    assertThat(fields)
        .containsEntry("model", "whisper-1")
        .containsEntry("response_format", "json")
        .doesNotContainKey("prompt");
    assertThat(fileName.get()).isEqualTo("file:utterance.wav:audio/wav");
    Buffer wav = file.get();
    assertThat(wav.length()).isEqualTo(WavAudio.HEADER_BYTES + pcm.length * 2);
    assertThat(wav.getString(0, 4)).isEqualTo("RIFF");
    assertThat(wav.getIntLE(4)).isEqualTo(36 + pcm.length * 2);
    assertThat(wav.getString(8, 16)).isEqualTo("WAVEfmt ");
    assertThat(wav.getShortLE(20)).isEqualTo((short) 1);
    assertThat(wav.getShortLE(22)).isEqualTo((short) 1);
    assertThat(wav.getIntLE(24)).isEqualTo(8_000);
    assertThat(wav.getIntLE(28)).isEqualTo(16_000);
    assertThat(wav.getShortLE(34)).isEqualTo((short) 16);
    assertThat(wav.getString(36, 40)).isEqualTo("data");
    assertThat(wav.getIntLE(40)).isEqualTo(pcm.length * 2);
    short[] sent = new short[pcm.length];
    for (int k = 0; k < sent.length; k++) {
      sent[k] = wav.getShortLE(WavAudio.HEADER_BYTES + 2 * k);
    }
    assertThat(sent).isEqualTo(pcm);
  }

  @Test
  @DisplayName("Menu phrases go along as the prompt, and no key means no Authorization header")
  void phrasesAsPromptWithoutKey() throws Exception {
    Feeding.all(
            engine("", 5_000),
            new UtteranceRequest("t", 16_000, List.of("agent", "cancel", "billing")),
            tone(3_200))
        .await(10, TimeUnit.SECONDS);

    assertThat(fields).containsEntry("prompt", "agent, cancel, billing");
    assertThat(authorization.get()).isNull();
    assertThat(file.get().getIntLE(24)).isEqualTo(16_000);
  }

  @Test
  @DisplayName("An error status is a REJECTED failure carrying the status and the server's words")
  void errorStatus() {
    answer = req -> req.response().setStatusCode(401).end("{\"error\":\"bad key\"}");

    assertThatThrownBy(() -> transcribeOneSecond())
        .isInstanceOfSatisfying(
            SpeechToTextException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.REJECTED);
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage()).contains("bad key");
            });
  }

  @Test
  @DisplayName("A body that is not JSON, or JSON without text, is a MALFORMED failure")
  void badBodies() {
    for (String body : List.of("<html>oops</html>", "{\"words\":\"hi\"}", "{\"text\":42}", "[]")) {
      answer = req -> req.response().end(body);

      assertThatThrownBy(() -> transcribeOneSecond())
          .as(body)
          .isInstanceOfSatisfying(
              SpeechToTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  @DisplayName("A server that never answers is a TIMED_OUT failure after the timeout")
  void timeout() {
    answer = req -> {};

    assertThatThrownBy(
            () ->
                Feeding.all(
                        engine(KEY, 300), new UtteranceRequest("t", 8_000, List.of()), tone(800))
                    .await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            SpeechToTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT));
  }

  @Test
  @DisplayName("A server that is not there is a FAILED failure")
  void unreachable() throws Exception {
    OpenAiTranscription engine = engine(KEY, 5_000);
    server.close().await(10, TimeUnit.SECONDS);

    assertThatThrownBy(
            () ->
                Feeding.all(engine, new UtteranceRequest("t", 8_000, List.of()), tone(800))
                    .await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            SpeechToTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED));
  }

  @Test
  @DisplayName("An utterance over 60 s is not sent and fails as TOO_LONG")
  void tooLong() {
    Utterance utterance = engine(KEY, 5_000).open(new UtteranceRequest("t", 8_000, List.of()));
    short[] second = new short[8_000];
    for (int s = 0; s <= OpenAiTranscription.MAX_UTTERANCE_MS / 1000; s++) {
      utterance.feed(second, 0, second.length);
    }

    assertThatThrownBy(() -> utterance.finish().await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            SpeechToTextException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    assertThat(path.get()).isNull();
  }

  @Test
  @DisplayName("Wrong rates, feeds outside the array and feeds after finish are refused")
  void wrongInputs() {
    OpenAiTranscription engine = engine(KEY, 5_000);
    assertThatThrownBy(() -> engine.open(new UtteranceRequest("t", 11_025, List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    Utterance utterance = engine.open(new UtteranceRequest("t", 8_000, List.of()));
    assertThatThrownBy(() -> utterance.feed(new short[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    utterance.cancel();
    assertThatThrownBy(() -> utterance.feed(new short[4], 0, 4))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> new OpenAiTranscription(WebClient.create(vertx), "http://x", "m", "", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Transcript transcribeOneSecond() throws Exception {
    Future<Transcript> heard =
        Feeding.all(engine(KEY, 5_000), new UtteranceRequest("t", 8_000, List.of()), tone(8_000));
    return heard.await(10, TimeUnit.SECONDS);
  }
}
