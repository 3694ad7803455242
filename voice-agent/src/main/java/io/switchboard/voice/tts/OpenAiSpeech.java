package io.switchboard.voice.tts;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.tts.SpeechEngineException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeoutException;

/**
 * Speaks through an OpenAI-compatible {@code /audio/speech} endpoint: asks for raw PCM (24 kHz
 * 16-bit little-endian mono), resamples it to 16 kHz on a bounded worker pool.
 */
public final class OpenAiSpeech implements TextToSpeech {

  /** Rate of the PCM OpenAI's speech endpoint answers with. */
  public static final int SOURCE_RATE = 24_000;

  /** How long one sentence may take, from request to the last byte of audio. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  /** Longest audio accepted for one request: two minutes, far over any sentence's. */
  public static final int MAX_AUDIO_BYTES = SOURCE_RATE * 2 * 120;

  /** Characters of an error body quoted in the failure, enough to show the engine's reason. */
  static final int QUOTED_ERROR_CHARS = 200;

  private static final String POOL_NAME = "switchboard-tts-resample";

  private final WebClient client;
  private final WorkerExecutor pool;
  private final String url;
  private final VoiceConfig.Tts config;
  private final long timeoutMs;

  private OpenAiSpeech(Vertx vertx, VoiceConfig.Tts config, long timeoutMs) {
    this.client = WebClient.create(vertx);
    this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, config.workers());
    this.url = config.baseUrl().replaceAll("/+$", "") + "/audio/speech";
    this.config = config;
    this.timeoutMs = timeoutMs;
  }

  /** An engine for the configured endpoint, model, voice and key. */
  public static OpenAiSpeech create(Vertx vertx, VoiceConfig.Tts config) {
    return create(vertx, config, DEFAULT_TIMEOUT_MS);
  }

  /** The same, with its own time limit per sentence. */
  public static OpenAiSpeech create(Vertx vertx, VoiceConfig.Tts config, long timeoutMs) {
    return new OpenAiSpeech(vertx, config, timeoutMs);
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public Future<Speech> synthesize(String tenantId, String text) {
    try {
      SpeechText.check(text);
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
    return request(text)
        .recover(this::unanswered)
        .compose(this::audioBody)
        .compose(body -> pool.executeBlocking(() -> new Speech(text, to16kHz(body)), false));
  }

  private Future<HttpResponse<Buffer>> request(String text) {
    var request = client.postAbs(url).timeout(timeoutMs);
    if (!config.apiKey().isEmpty()) {
      request.bearerTokenAuthentication(config.apiKey());
    }
    return request.sendJsonObject(
        new JsonObject()
            .put("model", config.model())
            .put("voice", config.voice())
            .put("input", text)
            .put("response_format", "pcm"));
  }

  private Future<HttpResponse<Buffer>> unanswered(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return Future.failedFuture(
          new SpeechEngineException(
              Reason.TIMEOUT, 0, "speech engine gave no audio within " + timeoutMs + " ms"));
    }
    return Future.failedFuture(
        new SpeechEngineException(
            Reason.UNREACHABLE, 0, "speech engine unreachable: " + failure.getMessage()));
  }

  private Future<Buffer> audioBody(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    Buffer body = response.body() == null ? Buffer.buffer() : response.body();
    if (status < 200 || status > 299) {
      String quoted = body.toString();
      quoted =
          quoted.length() > QUOTED_ERROR_CHARS ? quoted.substring(0, QUOTED_ERROR_CHARS) : quoted;
      return Future.failedFuture(
          new SpeechEngineException(
              Reason.STATUS, status, "speech engine answered HTTP " + status + ": " + quoted));
    }
    String contentType = response.getHeader("content-type");
    if (contentType != null && contentType.startsWith("application/json")) {
      return badBody(status, "a JSON document instead of PCM audio");
    }
    if (body.length() == 0 || body.length() % 2 != 0) {
      return badBody(status, body.length() + " bytes, not whole 16-bit samples");
    }
    if (body.length() > MAX_AUDIO_BYTES) {
      return badBody(status, body.length() + " bytes, over the " + MAX_AUDIO_BYTES + " allowed");
    }
    return Future.succeededFuture(body);
  }

  private static Future<Buffer> badBody(int status, String what) {
    return Future.failedFuture(
        new SpeechEngineException(
            Reason.BAD_BODY, status, "speech engine answered HTTP " + status + " with " + what));
  }

  private static short[] to16kHz(Buffer body) {
    short[] pcm = new short[body.length() / 2];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = body.getShortLE(2 * i);
    }
    return RationalResampler.resample(pcm, SOURCE_RATE, Speech.SAMPLE_RATE);
  }

  @Override
  public void close() {
    client.close();
    pool.close();
  }
}
