package io.switchboard.voice.stt;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.voice.stt.SpeechToTextException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Speech-to-text through an OpenAI-compatible {@code /audio/transcriptions} endpoint: each
 * utterance is buffered and sent as one WAV file when the caller's turn ends.
 */
public final class OpenAiTranscription implements SpeechToText {

  /** Longest utterance buffered for upload; a longer one fails as {@link Reason#TOO_LONG}. */
  public static final long MAX_UTTERANCE_MS = 60_000;

  /** How long the endpoint has to answer one utterance. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  /** Most characters of an error body quoted in the exception. */
  private static final int MAX_QUOTED_BODY = 200;

  private final WebClient client;
  private final String url;
  private final String model;
  private final String apiKey;
  private final long timeoutMs;

  /**
   * @param baseUrl e.g. {@code https://api.openai.com/v1}; {@code /audio/transcriptions} is added
   * @param apiKey sent as a bearer token; empty for none
   */
  public OpenAiTranscription(
      WebClient client, String baseUrl, String model, String apiKey, long timeoutMs) {
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + timeoutMs);
    }
    this.client = client;
    this.url = baseUrl.replaceAll("/+$", "") + "/audio/transcriptions";
    this.model = model;
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
  }

  /** The engine {@code voice.stt} describes, with its own HTTP client. */
  public static OpenAiTranscription create(Vertx vertx, VoiceConfig.Stt stt) {
    return new OpenAiTranscription(
        WebClient.create(vertx), stt.baseUrl(), stt.model(), stt.apiKey(), DEFAULT_TIMEOUT_MS);
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public Utterance open(UtteranceRequest request) {
    if (request.sampleRate() != ModelRateAudio.TELEPHONY_RATE
        && request.sampleRate() != PocketSphinxModel.MODEL_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "sample rate " + request.sampleRate() + " Hz: speech-to-text takes 8000 or 16000");
    }
    return new BufferedUtterance(
        request, (int) (MAX_UTTERANCE_MS * request.sampleRate() / 1000), this::transcribe);
  }

  @Override
  public void close() {
    client.close();
  }

  private Future<Transcript> transcribe(UtteranceRequest request, Buffer wav, long audioMs) {
    long started = System.nanoTime();
    MultipartForm form =
        MultipartForm.create()
            .attribute("model", model)
            .attribute("response_format", "json")
            .binaryFileUpload("file", "utterance.wav", wav, "audio/wav");
    if (!request.phrases().isEmpty()) {
      // Whisper-style models take a prompt as a spelling and vocabulary hint, not a grammar.
      form.attribute("prompt", String.join(", ", request.phrases()));
    }
    HttpRequest<Buffer> post = client.postAbs(url).timeout(timeoutMs);
    if (!apiKey.isBlank()) {
      post.bearerTokenAuthentication(apiKey);
    }
    return post.sendMultipartForm(form)
        .recover(this::typed)
        .map(response -> textOf(response))
        .map(text -> new Transcript(text, audioMs, (System.nanoTime() - started) / 1_000_000));
  }

  private Future<HttpResponse<Buffer>> typed(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return Future.failedFuture(
          new SpeechToTextException(
              Reason.TIMED_OUT, 0, "no transcription within " + timeoutMs + " ms", failure));
    }
    return Future.failedFuture(
        new SpeechToTextException(
            Reason.FAILED, 0, "transcription request failed: " + failure.getMessage(), failure));
  }

  private static String textOf(HttpResponse<Buffer> response) {
    String body = response.bodyAsString() == null ? "" : response.bodyAsString();
    if (response.statusCode() / 100 != 2) {
      throw new SpeechToTextException(
          Reason.REJECTED,
          response.statusCode(),
          "transcription refused with " + response.statusCode() + ": " + quoted(body),
          null);
    }
    try {
      Object text = new JsonObject(body).getValue("text");
      if (text instanceof String words) {
        return words(words);
      }
    } catch (DecodeException notJson) {
      // Falls through to the same refusal as JSON without a text field.
    }
    throw new SpeechToTextException(
        Reason.MALFORMED, response.statusCode(), "no \"text\" in " + quoted(body), null);
  }

  /** Lower case words separated by single spaces, as {@link Transcript} promises. */
  static String words(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+", " ").trim();
  }

  private static String quoted(String body) {
    return body.length() <= MAX_QUOTED_BODY ? body : body.substring(0, MAX_QUOTED_BODY) + "...";
  }
}
