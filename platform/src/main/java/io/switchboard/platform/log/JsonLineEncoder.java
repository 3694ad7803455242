package io.switchboard.platform.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes each log event as one JSON object on one line, with the tenant and request id of the
 * request it belongs to, for log pipelines that index fields.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private final ThrowableProxyConverter stackTrace = new ThrowableProxyConverter();

  @Override
  public void start() {
    stackTrace.start();
    super.start();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line =
        new JsonObject()
            .put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
            .put("level", event.getLevel().toString())
            .put("logger", event.getLoggerName())
            .put("thread", event.getThreadName())
            .put("message", event.getFormattedMessage());
    String tenant = LogContext.tenant();
    if (tenant != null) {
      line.put("tenant", tenant);
    }
    String requestId = LogContext.requestId();
    if (requestId != null) {
      line.put("requestId", requestId);
    }
    if (event.getThrowableProxy() != null) {
      line.put("error", stackTrace.convert(event));
    }
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
