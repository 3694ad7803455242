package io.switchboard.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods the mounted routes serve on each path, so that a request with another method on a
 * known path is answered 405 with an {@code Allow} header instead of 404.
 */
final class AllowedMethods {

  private record PathMethods(Pattern path, Set<HttpMethod> methods) {}

  private final List<PathMethods> routes;

  private AllowedMethods(List<PathMethods> routes) {
    this.routes = routes;
  }

  /**
   * The methods of every route of {@code router} that names both a path and its methods; read once
   * every role has mounted its routes.
   */
  static AllowedMethods of(Router router) {
    List<PathMethods> routes = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
        routes.add(new PathMethods(pattern(route.getPath()), Set.copyOf(route.methods())));
      }
    }
    return new AllowedMethods(List.copyOf(routes));
  }

  /**
   * The methods served on {@code path}, sorted by name, HEAD wherever GET is; empty when no route
   * knows the path.
   */
  Set<String> at(String path) {
    Set<String> allowed = new TreeSet<>();
    for (PathMethods route : routes) {
      if (route.path().matcher(path).matches()) {
        route.methods().forEach(method -> allowed.add(method.name()));
      }
    }
    if (allowed.contains(HttpMethod.GET.name())) {
      allowed.add(HttpMethod.HEAD.name());
    }
    return allowed;
  }

  // "/api/v1/users/:id" matches one segment in place of ":id", "/docs/*" anything below "/docs/".
  private static Pattern pattern(String routePath) {
    List<String> parts = new ArrayList<>();
    for (String segment : routePath.split("/", -1)) {
      if (segment.startsWith(":")) {
        parts.add("[^/]+");
      } else if (segment.equals("*")) {
        parts.add(".*");
      } else {
        parts.add(Pattern.quote(segment));
      }
    }
    // Vert.x serves a path with or without a trailing slash on the same route.
    return Pattern.compile(String.join("/", parts) + "/?");
  }
}
