package io.switchboard.platform.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback pattern word {@code %requestId}: the id of the request being logged, or "-". */
public final class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id = LogContext.requestId();
    return id == null ? "-" : id;
  }
}
