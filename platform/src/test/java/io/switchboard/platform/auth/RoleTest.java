package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Role names in tokens")
class RoleTest {

  @Test
  @DisplayName("every role parses back from its wire name")
  void roundTrip() {
    for (Role role : Role.values()) {
      assertThat(Role.parse(role.wireName())).isSameAs(role);
    }
    assertThat(Role.SUPERVISOR.wireName()).isEqualTo("supervisor");
  }

  @Test
  @DisplayName("an unknown or differently cased name is refused")
  void unknown() {
    assertThatThrownBy(() -> Role.parse("root"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown role 'root'");
    assertThatThrownBy(() -> Role.parse("Admin")).isInstanceOf(IllegalArgumentException.class);
  }
}
