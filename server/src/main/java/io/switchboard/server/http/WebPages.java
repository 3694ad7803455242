package io.switchboard.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser pages the build bundles into the jar ({@code src/main/web}, under {@code web/} on the
 * classpath): the chat widget's script at {@code /assets/widget.js} for tenants' websites, and a
 * demo page at {@code /widget} that shows it.
 */
public final class WebPages {

  private static final String ROOT = "web";

  /** Mounts {@code /widget} and {@code /assets/*}. */
  public void mount(Router router) {
    router
        .get("/widget")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .sendFile(ROOT + "/widget.html"));
    // Cached by browsers for a short while only: a new jar must reach visitors the same day.
    router.get("/assets/*").handler(StaticHandler.create(ROOT + "/assets").setMaxAgeSeconds(600));
  }
}
