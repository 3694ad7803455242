package io.switchboard.crud.http;

import io.switchboard.crud.db.Statements;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.function.Function;

/**
 * Handlers of the usual routes of a REST resource (create, get, patch, delete, list, members), each
 * reading its path, {@code If-Match}, body or query and then running one store call in the caller's
 * tenant; the REST counterpart of the gRPC front's {@code ResourceWork}.
 */
public final class ResourceHandlers {

  /** Path parameter naming the resource. */
  private static final String ID = "id";

  /** Path parameter naming the member user of a group; reported as {@code user_id}. */
  private static final String USER_ID = "userId";

  private ResourceHandlers() {}

  /** A store call on the resource named by the path's id. */
  @FunctionalInterface
  public interface OnId<R> {
    Future<R> apply(SqlConnection tx, Caller caller, UUID id);
  }

  /** A store read of the resource {@code id} that sends all its statements at once. */
  @FunctionalInterface
  public interface ReadOnId<R> {
    Future<R> apply(Statements statements, Caller caller, UUID id);
  }

  /** A store call with input read from the request. */
  @FunctionalInterface
  public interface WithInput<I, R> {
    Future<R> apply(SqlConnection tx, Caller caller, I input);
  }

  /** A store call changing the resource named by the path's id, based on a version. */
  @FunctionalInterface
  public interface OnVersion<I, R> {
    Future<R> apply(SqlConnection tx, Caller caller, UUID id, long version, I change);
  }

  /** A store call on a membership of the user {@code userId} in the group named by the id. */
  @FunctionalInterface
  public interface OnMember {
    Future<Void> apply(SqlConnection tx, Caller caller, UUID group, UUID user);
  }

  /** {@code POST}: creates from the body {@code read} checks; 201 with the ETag; idempotent. */
  public static <I, R extends Versioned> Handler<RoutingContext> create(
      TenantWork work, Function<Buffer, I> read, WithInput<I, R> store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              I input = read.apply(ctx.body().buffer());
              return work.write(
                  caller,
                  Requests.idempotencyKey(ctx),
                  Requests.requestHash(ctx),
                  tx ->
                      store
                          .apply(tx, caller, input)
                          .map(r -> ApiResponse.created(r.toJson(), r.version())));
            });
  }

  /**
   * {@code GET /{id}}: the resource with its ETag, in one round trip to PostgreSQL (see {@link
   * TenantWork#readInOneTrip}).
   */
  public static <R extends Versioned> Handler<RoutingContext> get(
      TenantWork work, ReadOnId<R> store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              UUID id = id(ctx);
              return work.readInOneTrip(caller, statements -> store.apply(statements, caller, id))
                  .map(ResourceHandlers::ok);
            });
  }

  /** {@code PATCH /{id}}: applies the change {@code read} checks if {@code If-Match} is current. */
  public static <I, R extends Versioned> Handler<RoutingContext> patch(
      TenantWork work, Function<Buffer, I> read, OnVersion<I, R> store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              UUID id = id(ctx);
              long version = ETags.requiredVersion(ctx.request().getHeader(ETags.IF_MATCH));
              I change = read.apply(ctx.body().buffer());
              return work.write(caller, tx -> store.apply(tx, caller, id, version, change))
                  .map(ResourceHandlers::ok);
            });
  }

  /** {@code DELETE /{id}}: 204. */
  public static Handler<RoutingContext> delete(TenantWork work, OnId<Void> store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              UUID id = id(ctx);
              return work.write(caller, tx -> store.apply(tx, caller, id))
                  .map(done -> ApiResponse.noContent());
            });
  }

  /** {@code GET}: one page of the list the query {@code read} checks selects. */
  public static <Q, P extends Paged<?>> Handler<RoutingContext> list(
      TenantWork work, Function<MultiMap, Q> read, WithInput<Q, P> store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              Q query = read.apply(ctx.queryParams());
              return work.read(caller, tx -> store.apply(tx, caller, query))
                  .map(page -> ApiResponse.ok(page.toJson()));
            });
  }

  /** {@code PUT} or {@code DELETE /{id}/members/{userId}}: adds or removes a member; 204. */
  public static Handler<RoutingContext> member(TenantWork work, OnMember store) {
    return ctx ->
        Requests.answer(
            ctx,
            caller -> {
              UUID group = id(ctx);
              UUID user = Uuids.parse("user_id", ctx.pathParam(USER_ID));
              return work.write(caller, tx -> store.apply(tx, caller, group, user))
                  .map(done -> ApiResponse.noContent());
            });
  }

  private static UUID id(RoutingContext ctx) {
    return Uuids.parse(ID, ctx.pathParam(ID));
  }

  private static ApiResponse ok(Versioned resource) {
    return ApiResponse.ok(resource.toJson(), resource.version());
  }
}
