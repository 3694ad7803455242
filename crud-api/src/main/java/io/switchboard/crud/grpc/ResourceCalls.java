package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.Cursor;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Binds the methods of the resource services the way their REST routes run: the caller's roles
 * checked by the route's {@link RoleCheck}, the input read by the route's checks (which throw), the
 * statements run in a {@link TenantWork} transaction, and the JSON that REST would answer turned
 * into the reply by {@link ProtoJson}.
 */
final class ResourceCalls {

  /** The statements that answer one call in its tenant transaction, with REST's JSON. */
  @FunctionalInterface
  interface Statements extends Function<SqlConnection, Future<JsonObject>> {}

  /** Reads and checks the input of one call, and gives the statements that answer it. */
  @FunctionalInterface
  interface Work<Req extends Message> {
    Statements prepare(CallInput<Req> call);
  }

  /** The reply of methods that answer nothing. */
  static final Empty NOTHING = Empty.getDefaultInstance();

  private final UnaryCalls calls;
  private final TenantWork work;

  ResourceCalls(UnaryCalls calls, TenantWork work) {
    this.calls = calls;
    this.work = work;
  }

  /** The same binder for work that belongs to {@code module}. */
  ResourceCalls requiring(String module) {
    return new ResourceCalls(calls, work.requiring(module));
  }

  /** A method that only reads. */
  <Req extends Message, Resp extends Message> void read(
      ServiceMethod<Req, Resp> method, Resp reply, RoleCheck roles, Work<Req> prepared) {
    bind(method, reply, roles, prepared, this::reading);
  }

  /** A method that writes. */
  <Req extends Message, Resp extends Message> void write(
      ServiceMethod<Req, Resp> method, Resp reply, RoleCheck roles, Work<Req> prepared) {
    bind(method, reply, roles, prepared, this::writing);
  }

  /**
   * A method that creates, once per {@code idempotency-key}: a repeat gets the entity stored the
   * first time, in the same storage as REST's {@code Idempotency-Key}.
   */
  <Req extends Message, Resp extends Message> void create(
      ServiceMethod<Req, Resp> method, Resp reply, RoleCheck roles, Work<Req> prepared) {
    bind(method, reply, roles, prepared, this::creating);
  }

  private Future<JsonObject> reading(CallInput<?> call, Statements statements) {
    return work.read(call.caller(), statements);
  }

  private Future<JsonObject> writing(CallInput<?> call, Statements statements) {
    return work.write(call.caller(), statements);
  }

  private Future<JsonObject> creating(CallInput<?> call, Statements statements) {
    return work.write(
            call.caller(),
            call.idempotencyKey(),
            call.requestHash(),
            tx -> statements.apply(tx).map(ResourceCalls::created))
        .map(ApiResponse::body);
  }

  private <Req extends Message, Resp extends Message> void bind(
      ServiceMethod<Req, Resp> method,
      Resp reply,
      RoleCheck roles,
      Work<Req> prepared,
      BiFunction<CallInput<?>, Statements, Future<JsonObject>> run) {
    calls.bindCall(
        method,
        call -> {
          roles.check(call.caller());
          return run.apply(call, prepared.prepare(call))
              .map(json -> ProtoJson.fromJson(json, reply));
        });
  }

  /** The JSON of an empty reply, for a write that answers nothing. */
  static JsonObject none(Object ignored) {
    return new JsonObject();
  }

  /**
   * The JSON of a page of {@code items} in the field {@code field} of the reply, with the token of
   * the next page, if any, as {@code next_page_token}.
   */
  static <T> JsonObject page(
      String field, List<T> items, Cursor next, Function<T, JsonObject> toJson) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(toJson.apply(item)));
    JsonObject page = new JsonObject().put(field, array);
    return next == null ? page : page.put("next_page_token", next.encode());
  }

  private static ApiResponse created(JsonObject json) {
    Long version = json.getLong("version");
    return version == null ? ApiResponse.created(json) : ApiResponse.created(json, version);
  }
}
