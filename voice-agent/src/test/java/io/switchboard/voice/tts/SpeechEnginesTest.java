package io.switchboard.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.platform.config.VoiceConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Choosing the text-to-speech engine from configuration")
class SpeechEnginesTest {

  private Vertx vertx;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SpeechEngines.class);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(log);
    vertx.close().await();
  }

  private List<String> lines() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  @DisplayName("freetts gives the embedded voice, ready to speak, and says so in one line")
  void freeTts() {
    Optional<TextToSpeech> tts =
        SpeechEngines.start(vertx, new VoiceConfig.Tts("freetts", 1, "", "", "", "")).await();

    assertThat(tts).isPresent();
    try (TextToSpeech engine = tts.get()) {
      assertThat(engine.name()).isEqualTo("freetts");
      assertThat(engine.synthesize("t1", "Ready.").await().pcm()).isNotEmpty();
    }
    assertThat(lines()).singleElement().asString().contains("FreeTTS", "kevin16", "1 workers");
  }

  @Test
  @DisplayName("openai gives the remote engine and logs its endpoint but never its key")
  void openAi() {
    Optional<TextToSpeech> tts =
        SpeechEngines.start(
                vertx,
                new VoiceConfig.Tts(
                    "openai", 2, "https://speech.example/v1", "tts-1", "alloy", "sk-secret"))
            .await();

    assertThat(tts).isPresent();
    tts.get().close();
    assertThat(tts.get().name()).isEqualTo("openai");
    assertThat(lines())
        .singleElement()
        .asString()
        .contains("https://speech.example/v1", "tts-1", "alloy", "with a key")
        .doesNotContain("sk-secret");
  }

  @Test
  @DisplayName("off gives no engine and says replies are not spoken")
  void off() {
    Optional<TextToSpeech> tts =
        SpeechEngines.start(vertx, new VoiceConfig.Tts("off", 1, "", "", "", "")).await();

    assertThat(tts).isEmpty();
    assertThat(lines()).singleElement().asString().contains("off", "not spoken");
  }
}
