package io.switchboard.voice.stt;

import io.switchboard.platform.config.VoiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the speech-to-text engine {@code voice.stt} names; when it cannot run here it says so in
 * one log line and yields none, and calls go to human agents.
 */
public final class SpeechToTextEngines {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechToTextEngines.class);

  private SpeechToTextEngines() {}

  /** The configured engine, or none when it is {@code off} or cannot run on this machine. */
  public static Future<Optional<SpeechToText>> start(Vertx vertx, VoiceConfig.Stt stt) {
    return start(vertx, stt, PocketSphinxLibrary.DEFAULT_NAME);
  }

  /** As {@link #start(Vertx, VoiceConfig.Stt)}, loading PocketSphinx from {@code libraryName}. */
  static Future<Optional<SpeechToText>> start(
      Vertx vertx, VoiceConfig.Stt stt, String libraryName) {
    return switch (stt.engine()) {
      case "openai" -> Future.succeededFuture(Optional.of(OpenAiTranscription.create(vertx, stt)));
      case "pocketsphinx" -> pocketSphinx(vertx, stt, libraryName);
      default -> {
        LOG.info("Speech-to-text is off (voice.stt.engine: off): calls go to human agents");
        yield Future.succeededFuture(Optional.empty());
      }
    };
  }

  private static Future<Optional<SpeechToText>> pocketSphinx(
      Vertx vertx, VoiceConfig.Stt stt, String libraryName) {
    PocketSphinxModel model = PocketSphinxModel.in(Path.of(stt.modelDir()));
    return vertx
        .executeBlocking(() -> PocketSphinxLibrary.load(libraryName), false)
        .compose(library -> startWithModel(vertx, library, model, stt.workers()))
        .map(Optional::<SpeechToText>of)
        .recover(
            failure -> {
              LOG.warn(
                  "Speech-to-text is off: PocketSphinx cannot run here ({}); calls go to human"
                      + " agents",
                  reasonOf(failure, libraryName));
              return Future.succeededFuture(Optional.empty());
            });
  }

  private static Future<PocketSphinxSpeechToText> startWithModel(
      Vertx vertx, PocketSphinxLibrary library, PocketSphinxModel model, int workers) {
    Path missing = model.missingFile();
    if (missing != null) {
      return Future.failedFuture(new IllegalStateException("model file missing: " + missing));
    }
    return PocketSphinxSpeechToText.start(vertx, library, model, workers);
  }

  private static String reasonOf(Throwable failure, String libraryName) {
    if (failure instanceof UnsatisfiedLinkError) {
      return "library " + libraryName + " not found; install Debian's pocketsphinx";
    }
    return failure.getMessage();
  }
}
