package io.switchboard.crud.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.error.Invalid;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("UUIDs are read in canonical form only")
class UuidsTest {

  @Test
  @DisplayName("reads what UUID#toString writes, in either case, to the same value")
  void canonical() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 1000; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      assertThat(Uuids.parseOrNull(id.toString())).isEqualTo(id);
      assertThat(Uuids.parseOrNull(id.toString().toUpperCase())).isEqualTo(id);
    }
    assertThat(Uuids.parseOrNull("00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
    assertThat(Uuids.parseOrNull("ffffffff-ffff-ffff-ffff-ffffffffffff"))
        .isEqualTo(new UUID(-1, -1));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "1-1-1-1-1",
        "not-a-uuid",
        "123e4567-e89b-12d3-a456-42661417400",
        "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567e89b-12d3-a456-4266141740000",
        "123e4567-e89b-12d3-a456_426614174000",
        "123e4567-e89b-12d3-a456-42661417400g",
        "123e4567-e89b-12d3-a456-42661417400\n",
        " 123e4567-e89b-12d3-a456-42661417400",
        "{23e4567-e89b-12d3-a456-426614174000",
        // Other scripts' digits are digits to Character.digit, not here.
        "١23e4567-e89b-12d3-a456-426614174000",
        "１23e4567-e89b-12d3-a456-426614174000",
        "+23e4567-e89b-12d3-a456-426614174000"
      })
  @DisplayName("refuses anything else, and names the field when asked to parse it")
  void refused(String text) {
    assertThat(Uuids.parseOrNull(text)).isNull();
    assertThatThrownBy(() -> Uuids.parse("conversation_id", text)).isInstanceOf(Invalid.class);
  }
}
