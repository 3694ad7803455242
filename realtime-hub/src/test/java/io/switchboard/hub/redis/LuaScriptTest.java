package io.switchboard.hub.redis;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.redis.client.Command;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Lua script")
class LuaScriptTest {

  private TenantRedis redis;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  @DisplayName("unknown to the server is sent in full once, then runs by its SHA1")
  void fallsBackToEval() {
    // A unique comment gives a script the server has never cached, as after a restart.
    LuaScript script =
        new LuaScript(
            "-- " + UUID.randomUUID() + "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
    String key = HubKeys.key(redis.tenant(), "counter");
    assertThat(redis.send(Command.SCRIPT, "EXISTS", script.sha1()).get(0).toInteger()).isZero();

    assertThat(await(script.run(redis.redis(), List.of(key), 2L)).toLong()).isEqualTo(2);

    assertThat(redis.send(Command.SCRIPT, "EXISTS", script.sha1()).get(0).toInteger()).isOne();
    assertThat(await(script.run(redis.redis(), List.of(key), 3)).toLong()).isEqualTo(5);
  }

  @Test
  @DisplayName("that fails reports the server's error, not a NOSCRIPT retry")
  void reportsScriptErrors() {
    LuaScript script = new LuaScript("return redis.error_reply('BOOM broken on purpose')");
    assertThatThrownBy(() -> await(script.run(redis.redis(), List.of())))
        .hasMessageContaining("BOOM");
  }

  @Test
  @DisplayName("keys carry the tenant as a hash tag and refuse a tenant that would move it")
  void keys() {
    assertThat(HubKeys.key("acme", "history", "room:1", "meta"))
        .isEqualTo("hub:{acme}:history:room:1:meta");
    assertThatThrownBy(() -> HubKeys.key("a}b", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubKeys.key("", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
