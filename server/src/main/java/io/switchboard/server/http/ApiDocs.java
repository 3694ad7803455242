package io.switchboard.server.http;

import io.switchboard.platform.openapi.ApiDocument;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The OpenAPI document at {@code /openapi.json} and a browsable Swagger UI at {@code /docs/},
 * served from the Swagger UI webjar. The {@link ApiDocument} is read once at start-up, off the
 * event loop.
 */
public final class ApiDocs {

  private static final String WEBJAR_PROPERTIES = "openapi/webjar.properties";

  // Replaces the webjar's initializer, which points at the Petstore example. The document's URL is
  // relative to the page (/docs/), so the page still finds it when a proxy serves the node below a
  // path prefix.
  private static final String INITIALIZER =
      "window.onload = function () {\n"
          + "  window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#swagger-ui',"
          + " deepLinking: true, presets: [SwaggerUIBundle.presets.apis,"
          + " SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });\n"
          + "};\n";

  private final String json;
  private final String webjarRoot;

  private ApiDocs(String json, String webjarRoot) {
    this.json = json;
    this.webjarRoot = webjarRoot;
  }

  /** Reads the document and the webjar's location; blocking, so call it before Vert.x runs. */
  public static ApiDocs load() {
    try (InputStream props =
        ApiDocs.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
      if (props == null) {
        throw new IllegalStateException(WEBJAR_PROPERTIES + " is missing");
      }
      String json = ApiDocument.read().encode();
      Properties webjar = new Properties();
      webjar.load(props);
      return new ApiDocs(
          json,
          "META-INF/resources/webjars/swagger-ui/" + webjar.getProperty("swagger-ui.version"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES, e);
    }
  }

  /** The document as JSON text. */
  public String json() {
    return json;
  }

  /** Mounts {@code /openapi.json} and {@code /docs/}. */
  public void mount(Router router) {
    router
        .get("/openapi.json")
        .handler(
            ctx ->
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json));
    // Vert.x matches "/docs" against "/docs/" too, so the bare path redirects only by regex; the
    // target is relative for the same reason as the document's URL.
    router.getWithRegex("/docs").handler(ctx -> ctx.redirect("docs/"));
    router
        .get("/docs/swagger-initializer.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript")
                    .end(INITIALIZER));
    router.get("/docs/*").handler(StaticHandler.create(webjarRoot));
  }
}
