package io.switchboard.loadtests.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Load client command line")
class LoadSettingsTest {

  @Test
  @DisplayName("defaults fill every setting but the secret")
  void defaults() {
    LoadSettings s = LoadSettings.parse("--secret", "x");
    assertThat(s.streams()).isEqualTo(100);
    assertThat(s.seconds()).isEqualTo(60);
    assertThat(s.speakers()).isZero();
    assertThat(s.json()).isNull();
  }

  @Test
  @DisplayName("no secret: refused with what to pass")
  void noSecret() {
    assertThatThrownBy(() -> LoadSettings.parse("--streams", "5"))
        .hasMessageContaining("--secret is required");
  }

  @Test
  @DisplayName("a count that is not a number, or negative: refused by name")
  void badNumbers() {
    assertThatThrownBy(() -> LoadSettings.parse("--secret", "x", "--streams", "many"))
        .hasMessage("--streams is not a number: many");
    assertThatThrownBy(() -> LoadSettings.parse("--secret", "x", "--seconds", "-1"))
        .hasMessage("--seconds must not be negative: -1");
  }

  @Test
  @DisplayName("an unknown option or a name without a value: refused")
  void unknownOption() {
    assertThatThrownBy(() -> LoadSettings.parse("--secret", "x", "--stream", "5"))
        .hasMessage("unknown option --stream");
    assertThatThrownBy(() -> LoadSettings.parse("--secret", "x", "--streams"))
        .hasMessage("expected --name value, got --streams");
  }

  @Test
  @DisplayName("more streams than one process's open files allow: refused, asking for more clients")
  void tooManyStreams() {
    assertThatThrownBy(() -> LoadSettings.parse("--secret", "x", "--streams", "15001"))
        .hasMessageContaining("run several clients");
  }
}
