package io.switchboard.voice.stt;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.platform.config.VoiceConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Choosing the speech-to-text engine from voice.stt")
class SpeechToTextEnginesTest {

  private Vertx vertx;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SpeechToTextEngines.class);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(log);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static VoiceConfig.Stt stt(String engine, String modelDir, String baseUrl) {
    return new VoiceConfig.Stt(engine, 1, modelDir, baseUrl, "whisper-1", "");
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  @DisplayName("pocketsphinx with Debian's library and model gives an engine that hears speech")
  void pocketSphinx() throws Exception {
    Optional<SpeechToText> engine =
        SpeechToTextEngines.start(vertx, stt("pocketsphinx", Recordings.MODEL_DIR.toString(), ""))
            .await(60, TimeUnit.SECONDS);

    assertThat(engine).isPresent();
    try (SpeechToText stt = engine.get()) {
      assertThat(stt.name()).isEqualTo("pocketsphinx");
      Transcript heard =
          Feeding.all(
                  stt,
                  new UtteranceRequest("t", 16_000, List.of()),
                  Recordings.goForward().pcm16k())
              .await(60, TimeUnit.SECONDS);
      assertThat(heard.text()).isEqualTo("go forward ten meters");
    }
    assertThat(messages()).isEmpty();
  }

  @Test
  @DisplayName("A missing library gives no engine and one line saying calls go to human agents")
  void missingLibrary() throws Exception {
    Optional<SpeechToText> engine =
        SpeechToTextEngines.start(
                vertx,
                stt("pocketsphinx", Recordings.MODEL_DIR.toString(), ""),
                "libpocketsphinx-not-here.so.9")
            .await(60, TimeUnit.SECONDS);

    assertThat(engine).isEmpty();
    assertThat(messages())
        .singleElement()
        .asString()
        .contains("libpocketsphinx-not-here.so.9", "human agents");
  }

  @Test
  @DisplayName("A missing model gives no engine and one line naming the missing file")
  void missingModel() throws Exception {
    Optional<SpeechToText> engine =
        SpeechToTextEngines.start(vertx, stt("pocketsphinx", "/nonexistent/en-us", ""))
            .await(60, TimeUnit.SECONDS);

    assertThat(engine).isEmpty();
    assertThat(messages())
        .singleElement()
        .asString()
        .contains("/nonexistent/en-us", "human agents");
  }

  @Test
  @DisplayName("off gives no engine, and says so once")
  void off() throws Exception {
    assertThat(SpeechToTextEngines.start(vertx, stt("off", "", "")).await(10, TimeUnit.SECONDS))
        .isEmpty();
    assertThat(messages()).singleElement().asString().contains("off", "human agents");
  }

  @Test
  @DisplayName("openai gives the OpenAI-compatible engine")
  void openAi() throws Exception {
    Optional<SpeechToText> engine =
        SpeechToTextEngines.start(vertx, stt("openai", "", "http://127.0.0.1:9/v1"))
            .await(10, TimeUnit.SECONDS);

    assertThat(engine).map(SpeechToText::name).contains("openai");
    engine.get().close();
  }
}
