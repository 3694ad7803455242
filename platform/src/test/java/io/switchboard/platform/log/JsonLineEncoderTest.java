package io.switchboard.platform.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON log lines")
class JsonLineEncoderTest {

  private final Vertx vertx = Vertx.vertx();
  private final LoggerContext logback = new LoggerContext();
  private final Logger logger = logback.getLogger("io.switchboard.test");

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private String encode(String message, Throwable error) {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(logback);
    encoder.start();
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, message, error, null);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("carry the tenant and request id of the request being handled, across async steps")
  void carryRequestContext() {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    String line =
        Future.<String>future(
                promise ->
                    request.runOnContext(
                        start -> {
                          LogContext.tenant("acme");
                          LogContext.requestId("req-7");
                          // a later asynchronous step of the same request
                          vertx.setTimer(1, t -> promise.complete(encode("handled", null)));
                        }))
            .await();
    assertThat(line).endsWith("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("message")).isEqualTo("handled");
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("tenant")).isEqualTo("acme");
    assertThat(json.getString("requestId")).isEqualTo("req-7");
  }

  @Test
  @DisplayName("leave tenant and request id out outside a request, and include stack traces")
  void outsideRequest() {
    JsonObject json = new JsonObject(encode("boot", new IllegalStateException("boom")));
    assertThat(json.containsKey("tenant")).isFalse();
    assertThat(json.containsKey("requestId")).isFalse();
    assertThat(json.getString("error")).contains("IllegalStateException: boom");
  }

  @Test
  @DisplayName("do not leak one request's tenant into the event loop's later work")
  void noLeakIntoEventLoop() {
    ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
    String tenantOnLoop =
        Future.<String>future(
                promise ->
                    loop.runOnContext(
                        v -> {
                          LogContext.tenant("acme"); // not a request's context: ignored
                          promise.complete(String.valueOf(LogContext.tenant()));
                        }))
            .await();
    assertThat(tenantOnLoop).isEqualTo("null");
  }
}
