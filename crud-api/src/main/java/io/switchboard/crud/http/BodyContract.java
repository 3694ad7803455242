package io.switchboard.crud.http;

import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.error.FieldError;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.openapi.ApiDocument;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.List;

/**
 * The {@link ApiDocument} as the contract request bodies must meet: for every operation of the
 * document with a JSON {@code requestBody}, a route that refuses a body its schema does not accept,
 * with a reason per field, before the operation's own handlers run.
 */
public final class BodyContract {

  /**
   * Operation extension naming the role that serves the operation; operations without it are the
   * crud role's.
   */
  public static final String ROLE_EXTENSION = "x-switchboard-role";

  /** Operation extension marking an operation that takes no token. */
  public static final String PUBLIC_EXTENSION = "x-switchboard-public";

  private static final String ROLE = "crud";

  private final OpenAPIContract contract;

  private BodyContract(OpenAPIContract contract) {
    this.contract = contract;
  }

  /**
   * Reads the document on a worker thread and has vertx-openapi check and resolve it, once, before
   * any route is mounted.
   */
  public static Future<BodyContract> load(Vertx vertx) {
    return vertx
        .executeBlocking(() -> requestSide(ApiDocument.read()), false)
        .compose(document -> OpenAPIContract.from(vertx, document))
        .map(BodyContract::new);
  }

  /**
   * Adds a route for every operation of the document with a JSON request body, ahead of the
   * operation's own route: the caller is authenticated first, so that a request without a valid
   * token is still a 401, then the body is checked, and only a body that meets the schema reaches
   * the operation's handlers.
   */
  public void mount(Router router, BearerAuthHandler auth) {
    for (Operation operation : contract.operations()) {
      MediaType json =
          operation.getRequestBody() == null
              ? null
              : operation.getRequestBody().getContent().get(MediaType.APPLICATION_JSON);
      if (json != null) {
        Route route =
            router.route(operation.getHttpMethod(), routePath(operation.getOpenAPIPath()));
        if (!Boolean.TRUE.equals(operation.getExtensions().get(PUBLIC_EXTENSION))) {
          route.handler(auth);
        }
        route.handler(check(operation, json));
      }
    }
  }

  /**
   * Fails unless every operation {@link #mount} checks the bodies of also has a route of its own in
   * {@code router}; without one, a body that meets the schema would be answered 404.
   *
   * @throws IllegalStateException naming the first operation no route serves
   */
  public void requireServed(Router router) {
    for (Operation operation : contract.operations()) {
      if (operation.getRequestBody() == null) {
        continue;
      }
      String path = routePath(operation.getOpenAPIPath());
      long routes =
          router.getRoutes().stream()
              .filter(route -> path.equals(route.getPath()))
              .filter(route -> route.methods() != null)
              .filter(route -> route.methods().contains(operation.getHttpMethod()))
              .count();
      if (routes < 2) {
        throw new IllegalStateException(
            "the API document has "
                + operation.getHttpMethod()
                + " "
                + operation.getOpenAPIPath()
                + " but no route serves it");
      }
    }
  }

  // "/api/v1/calls/{id}/transcript" is the Vert.x route "/api/v1/calls/:id/transcript".
  private static String routePath(String openApiPath) {
    return openApiPath.replaceAll("\\{([^}/]+)}", ":$1");
  }

  private Handler<RoutingContext> check(Operation operation, MediaType json) {
    // The base URI and draft vertx-openapi gives the schemas of an OpenAPI 3.1 document; Basic
    // output lists every failed keyword, so a client learns every refused field at once.
    JsonSchemaOptions options =
        new JsonSchemaOptions()
            .setBaseUri("app:///")
            .setDraft(Draft.DRAFT202012)
            .setOutputFormat(OutputFormat.Basic);
    Validator validator = contract.getSchemaRepository().validator(json.getSchema(), options);
    SchemaErrors errors = new SchemaErrors(schemaOf(operation), contract.getRawContract());
    return ctx -> {
      try {
        check(validator, errors, ctx.body().buffer());
      } catch (Invalid refused) {
        ctx.fail(refused);
        return;
      }
      ctx.next();
    };
  }

  private static void check(Validator validator, SchemaErrors errors, Buffer body) {
    if (body == null || body.length() == 0) {
      throw Invalid.field(JsonInput.WHOLE_BODY, "a JSON object is required");
    }
    Object value;
    try {
      value = body.toJsonValue();
    } catch (DecodeException e) {
      throw Invalid.field(JsonInput.WHOLE_BODY, "not valid JSON");
    }
    // Before the schemas, which admit any string: these would fail or change in the database.
    List<FieldError> unstorable = StorableText.problems(value);
    if (!unstorable.isEmpty()) {
      throw new Invalid("the request has invalid fields", unstorable);
    }
    OutputUnit result = validator.validate(value);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new Invalid("the request has invalid fields", errors.of(result, value));
    }
  }

  // The request body schema as written, with its $refs, for the limits named in reasons.
  private JsonObject schemaOf(Operation operation) {
    return contract
        .getRawContract()
        .getJsonObject("paths")
        .getJsonObject(operation.getOpenAPIPath())
        .getJsonObject(operation.getHttpMethod().name().toLowerCase(java.util.Locale.ROOT))
        .getJsonObject("requestBody")
        .getJsonObject("content")
        .getJsonObject(MediaType.APPLICATION_JSON)
        .getJsonObject("schema");
  }

  /**
   * The part of the document vertx-openapi needs to check requests. Its 5.0 line refuses response
   * media types it cannot validate, such as {@code application/problem+json}; responses are not
   * checked here, so each operation keeps one plain default response instead of its own.
   */
  static JsonObject requestSide(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : List.copyOf(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.copyOf(item.fieldNames())) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        if (!ROLE.equals(operation.getString(ROLE_EXTENSION, ROLE))) {
          // Another role's operation (the hub's server API) checks its bodies itself, and a node
          // may run without that role.
          item.remove(method);
          continue;
        }
        operation.put(
            "responses",
            new JsonObject().put("default", new JsonObject().put("description", "any")));
      }
      if (item.isEmpty()) {
        paths.remove(path);
      }
    }
    JsonObject components = copy.getJsonObject("components");
    if (components != null) {
      components.remove("responses");
    }
    return copy;
  }
}
