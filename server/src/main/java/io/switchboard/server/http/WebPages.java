package io.switchboard.server.http;

import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.error.Invalid;
import io.switchboard.server.token.DevTokenSecret;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The browser pages the build bundles into the jar ({@code src/main/web}, under {@code web/} on the
 * classpath): the agent console at {@code /console}, the chat widget's script at {@code
 * /assets/widget.js} for tenants' websites, and a demo page at {@code /widget} that shows it. Where
 * the node signs tokens with its generated development secret, the console's sign-in can also mint
 * one ({@code POST /console/dev-token}); with a configured key source that route does not exist.
 */
public final class WebPages {

  private static final String ROOT = "web";
  private static final Duration DEV_TOKEN_TTL = Duration.ofHours(8);
  private static final Set<Role> DEV_ROLES = EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN);
  private static final int MAX_DEV_BODY_BYTES = 1024;
  private static final int MAX_USER_CHARS = 200;

  private final SwitchboardConfig config;
  private final Optional<String> devSecret;

  public WebPages(SwitchboardConfig config) {
    this.config = config;
    this.devSecret = developmentSecret(config);
  }

  /**
   * The secret in use if it is the one the node generated in its data folder; a secret someone
   * configured is a real key source, whatever it is.
   */
  private static Optional<String> developmentSecret(SwitchboardConfig config) {
    String inUse = config.auth().hmacSecret();
    if (inUse.isEmpty()) {
      return Optional.empty();
    }
    return DevTokenSecret.existing(config.node().dataDir()).filter(inUse::equals);
  }

  /** Mounts the pages, their assets and the console's sign-in helpers. */
  public void mount(Router router) {
    page(router, "/widget", "widget.html");
    page(router, "/console", "console.html");
    // Cached by browsers for a short while only: a new jar must reach visitors the same day.
    router.get("/assets/*").handler(StaticHandler.create(ROOT + "/assets").setMaxAgeSeconds(600));
    router
        .get("/console/settings")
        .handler(ctx -> ctx.json(new JsonObject().put("dev_sign_in", devSecret.isPresent())));
    if (devSecret.isPresent()) {
      router
          .post("/console/dev-token")
          .handler(BodyHandler.create().setBodyLimit(MAX_DEV_BODY_BYTES))
          .handler(this::devToken);
    }
  }

  private static void page(Router router, String path, String file) {
    router
        .get(path)
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .sendFile(ROOT + "/" + file));
  }

  private void devToken(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException notJson) {
      body = null;
    }
    if (body == null) {
      ctx.fail(Invalid.field("body", "a JSON object with tenant, user and role is required"));
      return;
    }
    Role role;
    try {
      role = Role.parse(body.getString("role", ""));
    } catch (IllegalArgumentException | ClassCastException unknown) {
      role = null;
    }
    if (role == null || !DEV_ROLES.contains(role)) {
      ctx.fail(Invalid.field("role", "must be agent, supervisor or admin"));
      return;
    }
    if (!(body.getValue("user") instanceof String user)
        || user.isBlank()
        || user.length() > MAX_USER_CHARS) {
      ctx.fail(Invalid.field("user", "must be a name of 1 to " + MAX_USER_CHARS + " characters"));
      return;
    }
    String token;
    try {
      token =
          TokenMinter.mint(
              devSecret.orElseThrow(),
              String.valueOf(body.getValue("tenant", "")),
              user,
              EnumSet.of(role),
              DEV_TOKEN_TTL,
              config.auth().issuer(),
              config.auth().audience());
    } catch (IllegalArgumentException refused) {
      ctx.fail(Invalid.field("tenant", refused.getMessage()));
      return;
    }
    ctx.json(new JsonObject().put("token", token).put("role", role.wireName()));
  }
}
