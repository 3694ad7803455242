package io.switchboard.platform.log;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The tenant and request id of the work in progress, kept on the Vert.x duplicated context that
 * Vert.x gives each request, so that every log line written while handling it carries them even
 * across asynchronous steps (a thread-local MDC would not survive the hops between callbacks).
 */
public final class LogContext {

  /** Key of the tenant id in the context's local data. */
  public static final String TENANT = "switchboard.tenant";

  /** Key of the request id in the context's local data. */
  public static final String REQUEST_ID = "switchboard.request-id";

  private LogContext() {}

  /** Records the tenant of the current request, when running on a request's context. */
  public static void tenant(String tenantId) {
    put(TENANT, tenantId);
  }

  /** Records the request id of the current request, when running on a request's context. */
  public static void requestId(String requestId) {
    put(REQUEST_ID, requestId);
  }

  /** The tenant of the current request, or null outside of one. */
  public static String tenant() {
    return get(TENANT);
  }

  /** The request id of the current request, or null outside of one. */
  public static String requestId() {
    return get(REQUEST_ID);
  }

  private static void put(String key, String value) {
    Context context = Vertx.currentContext();
    // Only a duplicated context is private to one request; writing to an event-loop context would
    // leak the value into every later request handled on it.
    if (context instanceof ContextInternal internal && internal.isDuplicate() && value != null) {
      internal.localContextData().put(key, value);
    }
  }

  private static String get(String key) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      Object value = internal.localContextData().get(key);
      return value == null ? null : value.toString();
    }
    return null;
  }
}
