package io.switchboard.voice.stt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Word error rate, as the accuracy benchmark counts it")
class WordErrorRateTest {

  @Test
  @DisplayName("An exact transcript has no errors")
  void exact() {
    WordErrorRate wer = new WordErrorRate();
    assertThat(wer.add("go forward ten meters", "go  forward ten meters ")).isZero();
    assertThat(wer.rate()).isZero();
  }

  @Test
  @DisplayName("A substituted, a missing and an extra word count one error each")
  void editsCountOnce() {
    WordErrorRate wer = new WordErrorRate();
    assertThat(wer.add("go forward ten meters", "go backward ten meters")).isEqualTo(1);
    assertThat(wer.add("go forward ten meters", "go forward meters")).isEqualTo(1);
    assertThat(wer.add("go forward ten meters", "go forward ten meters now")).isEqualTo(1);
    assertThat(wer.rate()).isEqualTo(3.0 / 12);
  }

  @Test
  @DisplayName("Hearing nothing costs every word said; hearing words in silence costs each of them")
  void emptySides() {
    WordErrorRate wer = new WordErrorRate();
    assertThat(wer.add("ten of clubs", "")).isEqualTo(3);
    assertThat(wer.add("", "the")).isEqualTo(1);
    assertThat(wer.words()).isEqualTo(3);
    assertThat(wer.errors()).isEqualTo(4);
  }

  @Test
  @DisplayName("The Sphinx example \"the r word commuters\" is four errors against the four words")
  void fullySubstituted() {
    assertThat(new WordErrorRate().add("go forward ten meters", "the r word commuters"))
        .isEqualTo(4);
  }
}
