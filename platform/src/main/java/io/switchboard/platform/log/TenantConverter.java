package io.switchboard.platform.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback pattern word {@code %tenant}: the tenant of the request being logged, or "-". */
public final class TenantConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String tenant = LogContext.tenant();
    return tenant == null ? "-" : tenant;
  }
}
