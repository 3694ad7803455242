package io.switchboard.platform.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.switchboard.platform.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging section of the configuration to Logback, which starts from the text layout of
 * {@code logback.xml}: sets the root level and, for {@code json}, swaps the console appender for
 * one writing {@link JsonLineEncoder} lines.
 */
public final class LoggingSetup {

  /** Name of the console appender declared in {@code logback.xml}. */
  public static final String CONSOLE_APPENDER = "CONSOLE";

  private LoggingSetup() {}

  /** Reconfigures the running Logback; a no-op when SLF4J is bound to another backend. */
  public static void apply(LoggingConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level()));
    if (!config.json()) {
      return;
    }
    ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
    json.setContext(context);
    json.setName(CONSOLE_APPENDER);
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    json.setEncoder(encoder);
    json.start();
    root.detachAppender(CONSOLE_APPENDER);
    root.addAppender(json);
  }
}
