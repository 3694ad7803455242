package io.switchboard.voice.tts;

import io.switchboard.platform.config.VoiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the text-to-speech engine {@code voice.tts} asks for and says in one log line which it
 * uses, or why replies will not be spoken.
 */
public final class SpeechEngines {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechEngines.class);

  private SpeechEngines() {}

  /**
   * The configured engine, ready to speak; empty when it is off or could not start (calls then go
   * on without spoken replies, which the log line says).
   */
  public static Future<Optional<TextToSpeech>> start(Vertx vertx, VoiceConfig.Tts config) {
    return switch (config.engine()) {
      case "freetts" ->
          FreeTtsSpeech.start(vertx, config.workers())
              .<Optional<TextToSpeech>>map(
                  tts -> {
                    LOG.info(
                        "Text-to-speech: FreeTTS voice {} (embedded) on {} workers",
                        FreeTtsSpeech.VOICE_NAME,
                        config.workers());
                    return Optional.of(tts);
                  })
              .recover(
                  failure -> {
                    LOG.warn(
                        "Text-to-speech off: the FreeTTS voice could not be set up ({})",
                        failure.toString());
                    return Future.succeededFuture(Optional.empty());
                  });
      case "openai" -> {
        LOG.info(
            "Text-to-speech: OpenAI-compatible endpoint {} (model {}, voice {}, {}) on {} workers",
            config.baseUrl(),
            config.model(),
            config.voice(),
            config.apiKey().isEmpty() ? "no key" : "with a key",
            config.workers());
        yield Future.succeededFuture(Optional.of(OpenAiSpeech.create(vertx, config)));
      }
      default -> {
        LOG.info("Text-to-speech off (voice.tts.engine is off): replies are not spoken");
        yield Future.succeededFuture(Optional.empty());
      }
    };
  }
}
