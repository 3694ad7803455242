package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Values written as SQL literals")
class SqlLiteralsTest {

  @Test
  @DisplayName("strings become escape strings with quotes and backslashes doubled")
  void strings() {
    assertThat(SqlLiterals.literal("plain")).isEqualTo("E'plain'");
    assertThat(SqlLiterals.literal("O'Brien")).isEqualTo("E'O''Brien'");
    assertThat(SqlLiterals.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
    assertThat(SqlLiterals.literal("")).isEqualTo("E''");
  }

  @Test
  @DisplayName("a string holding NUL, and types without a literal here, are not written")
  void notWritten() {
    assertThat(SqlLiterals.literal("before\u0000after")).isNull();
    assertThat(SqlLiterals.literal(LocalDate.of(2026, 1, 1))).isNull();
    assertThat(SqlLiterals.literal(1.5d)).isNull();
    assertThat(SqlLiterals.literal(new String[] {"a"})).isNull();
  }

  @Test
  @DisplayName("whole numbers, booleans, UUIDs and null are written as themselves")
  void others() {
    UUID id = UUID.fromString("37b5e918-d82d-46da-bbd2-3003e2d41005");
    assertThat(SqlLiterals.literal(-42)).isEqualTo("-42");
    assertThat(SqlLiterals.literal(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(SqlLiterals.literal((short) 7)).isEqualTo("7");
    assertThat(SqlLiterals.literal(true)).isEqualTo("true");
    assertThat(SqlLiterals.literal(id)).isEqualTo("'37b5e918-d82d-46da-bbd2-3003e2d41005'");
    assertThat(SqlLiterals.literal(null)).isEqualTo("NULL");
  }
}
