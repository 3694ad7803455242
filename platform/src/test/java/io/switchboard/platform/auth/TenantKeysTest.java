package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Tenant keys: lowercase slugs, as the tenants table requires")
class TenantKeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"acme", "a", "0", "acme-eu-2", "9lives"})
  @DisplayName("lowercase letters, digits and dashes, not starting with a dash, are keys")
  void wellFormed(String key) {
    assertThat(TenantKeys.valid(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-acme",
        "Acme",
        "acme_eu",
        "acme.eu",
        "acme eu",
        "acmé",
        "acme\n",
        "x', true); DROP TABLE contacts; --",
        "acme'; drop"
      })
  @DisplayName("anything else is refused, quotes and line breaks included")
  void malformed(String key) {
    assertThat(TenantKeys.valid(key)).isFalse();
  }

  @Test
  @DisplayName("63 characters at most, and null is not a key")
  void lengthAndNull() {
    assertThat(TenantKeys.valid("a".repeat(63))).isTrue();
    assertThat(TenantKeys.valid("a".repeat(64))).isFalse();
    assertThat(TenantKeys.valid(null)).isFalse();
  }
}
