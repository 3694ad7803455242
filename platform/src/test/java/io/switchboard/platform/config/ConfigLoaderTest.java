package io.switchboard.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Configuration loading")
class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @TempDir Path dir;

  private Optional<Path> file(String yaml) throws IOException {
    Path path = dir.resolve("switchboard.yaml");
    Files.writeString(path, yaml);
    return Optional.of(path);
  }

  private SwitchboardConfig load(
      Optional<Path> file, Map<String, String> props, Map<String, String> env) {
    return loader.load(file, props, env);
  }

  @Test
  @DisplayName("with nothing configured, every default of config/default.yaml applies")
  void defaults() {
    SwitchboardConfig config = load(Optional.empty(), Map.of(), Map.of());
    assertThat(config.node().roles()).containsExactly("hub", "voice", "ai", "crud");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.cluster().enabled()).isFalse();
    assertThat(config.cluster().multicast()).isFalse();
    assertThat(config.postgres().embedded()).isTrue();
    assertThat(config.redis().embedded()).isTrue();
    assertThat(config.kafka().enabled()).isFalse();
    assertThat(config.logging().format()).isEqualTo("text");
    assertThat(config.metrics().enabled()).isTrue();
  }

  @Test
  @DisplayName(
      "a file overrides the defaults, system properties override the file, "
          + "environment variables override both")
  void precedence() throws IOException {
    Optional<Path> file = file("http:\n  port: 7000\n  host: 127.0.0.1\nlogging:\n  level: WARN\n");
    Map<String, String> props =
        Map.of("switchboard.http.port", "7001", "switchboard.logging.level", "DEBUG");
    Map<String, String> env = Map.of("SWITCHBOARD_HTTP_PORT", "7002");

    assertThat(load(file, Map.of(), Map.of()).http().port()).isEqualTo(7000);
    assertThat(load(file, props, Map.of()).http().port()).isEqualTo(7001);
    SwitchboardConfig all = load(file, props, env);
    assertThat(all.http().port()).isEqualTo(7002);
    assertThat(all.http().host()).isEqualTo("127.0.0.1");
    assertThat(all.logging().level()).isEqualTo("DEBUG");
  }

  @Test
  @DisplayName("kebab-case settings and lists can be set from environment variables")
  void environmentNames() {
    SwitchboardConfig config =
        load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "SWITCHBOARD_AUTH_HMAC_SECRET", "0123456789abcdef0123456789abcdef",
                "SWITCHBOARD_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701",
                "SWITCHBOARD_CLUSTER_ENABLED", "true",
                "SWITCHBOARD_NODE_ROLES", "hub,crud",
                "SWITCHBOARD_TEST_PG_URL", "postgresql://ignored"));
    assertThat(config.auth().hmacSecret()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(config.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(config.cluster().enabled()).isTrue();
    assertThat(config.node().roles()).containsExactly("hub", "crud");
    assertThat(ConfigLoader.variableFor("auth.jwks-refresh-seconds"))
        .isEqualTo("SWITCHBOARD_AUTH_JWKS_REFRESH_SECONDS");
  }

  @Test
  @DisplayName("a wrong type in the file stops start-up naming the setting")
  void wrongType() throws IOException {
    Optional<Path> file = file("http:\n  port: eighty\n");
    assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: http.port must be a whole number, got 'eighty'");
  }

  @Test
  @DisplayName("a wrong type in an environment variable stops start-up naming the setting")
  void wrongTypeEnv() {
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of(), Map.of("SWITCHBOARD_CLUSTER_ENABLED", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: cluster.enabled must be true or false, got 'yes'");
  }

  @Test
  @DisplayName("a value out of range stops start-up naming the setting and the range")
  void outOfRange() {
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("switchboard.http.port", "70000"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: http.port must be between 0 and 65535, got 70000");
  }

  @Test
  @DisplayName("a misspelt key is refused with a suggestion")
  void typo() throws IOException {
    Optional<Path> file = file("http:\n  prot: 9000\n");
    assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration: http.prot is not a setting (did you mean http.port?)");
  }

  @Test
  @DisplayName("a misspelt section, property or variable is refused")
  void typoElsewhere() throws IOException {
    Optional<Path> file = file("clustr:\n  enabled: true\n");
    assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
        .hasMessageContaining("clustr is not a setting (did you mean cluster?)");
    assertThatThrownBy(() -> load(Optional.empty(), Map.of("switchboard.http.prot", "1"), Map.of()))
        .hasMessageContaining("system property switchboard.http.prot does not name a setting");
    assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("SWITCHBOARD_HTTP_PROT", "1")))
        .hasMessage(
            "invalid configuration: environment variable SWITCHBOARD_HTTP_PROT does not name a"
                + " setting (did you mean SWITCHBOARD_HTTP_PORT?)");
  }

  @Test
  @DisplayName(
      "rules across a setting are enforced: unknown roles, short secrets, bad member lists")
  void semanticRules() {
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("switchboard.node.roles", "hub,chat"), Map.of()))
        .hasMessageContaining("node.roles has unknown role 'chat'");
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("switchboard.auth.hmac-secret", "short"), Map.of()))
        .hasMessageContaining("auth.hmac-secret must be at least 32 bytes long");
    assertThatThrownBy(
            () ->
                load(
                    Optional.empty(),
                    Map.of("switchboard.cluster.members", "nohostport"),
                    Map.of()))
        .hasMessageContaining("cluster.members entries must look like host:port");
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("switchboard.logging.format", "xml"), Map.of()))
        .hasMessageContaining("logging.format must be text or json");
    assertThatThrownBy(
            () ->
                load(
                    Optional.empty(),
                    Map.of(
                        "switchboard.hub.max-commands-per-frame", "256",
                        "switchboard.hub.commands-burst", "300"),
                    Map.of()))
        .hasMessageContaining("hub.max-commands-per-frame must be above hub.max-subscriptions");
  }

  @Test
  @DisplayName("a file that is not YAML, or a section given a value, is refused clearly")
  void badFile() throws IOException {
    Optional<Path> broken = file("http: [unclosed\n");
    assertThatThrownBy(() -> load(broken, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid YAML");
    Optional<Path> scalarSection = file("http: 8080\n");
    assertThatThrownBy(() -> load(scalarSection, Map.of(), Map.of()))
        .hasMessage("invalid configuration: http must be a section of settings, got 8080");
  }

  @Test
  @DisplayName("command-line choices override the loaded roles and cluster switch")
  void overrides() {
    SwitchboardConfig config = load(Optional.empty(), Map.of(), Map.of());
    assertThat(config.withRoles(List.of("hub")).node().roles()).containsExactly("hub");
    assertThat(config.withClusterEnabled().cluster().enabled()).isTrue();
  }
}
