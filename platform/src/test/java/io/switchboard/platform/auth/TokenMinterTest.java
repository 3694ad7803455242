package io.switchboard.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Development tokens minted without a running Vert.x")
class TokenMinterTest {

  @Test
  @DisplayName("carry sub, tid, roles by wire name, iat, exp, iss and aud under an HS256 header")
  void claims() {
    String token =
        TokenMinter.mint(
            TestTokens.SECRET,
            "acme",
            "alice",
            Set.of(Role.SUPERVISOR, Role.AGENT),
            Duration.ofMinutes(10),
            "https://id.test",
            "switchboard");

    String[] parts = token.split("\\.");
    JsonObject header = decode(parts[0]);
    JsonObject claims = decode(parts[1]);
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(claims.getString("sub")).isEqualTo("alice");
    assertThat(claims.getString("tid")).isEqualTo("acme");
    assertThat(claims.getJsonArray("roles"))
        .isEqualTo(new JsonArray().add("agent").add("supervisor"));
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(600);
    assertThat(claims.getString("iss")).isEqualTo("https://id.test");
    assertThat(claims.getString("aud")).isEqualTo("switchboard");
  }

  @Test
  @DisplayName("leave out iss and aud when they are empty")
  void noIssuerOrAudience() {
    JsonObject claims = decode(TestTokens.mint("acme", "alice", Role.ADMIN).split("\\.")[1]);

    assertThat(claims.fieldNames()).containsExactlyInAnyOrder("sub", "tid", "roles", "iat", "exp");
  }

  @Test
  @DisplayName(
      "are refused for a secret too short for HS256, a tenant that is not a slug or no role")
  void badInput() {
    Duration ttl = Duration.ofMinutes(1);
    Set<Role> roles = Set.of(Role.AGENT);

    assertThatThrownBy(() -> TokenMinter.mint("short", "acme", "alice", roles, ttl, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> TokenMinter.mint(TestTokens.SECRET, " ", "alice", roles, ttl, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the tenant must be a lowercase slug");
    assertThatThrownBy(
            () -> TokenMinter.mint(TestTokens.SECRET, "Acme Corp", "alice", roles, ttl, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the tenant must be a lowercase slug");
    assertThatThrownBy(
            () -> TokenMinter.mint(TestTokens.SECRET, "acme", "alice", Set.of(), ttl, "", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one role is needed");
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }
}
