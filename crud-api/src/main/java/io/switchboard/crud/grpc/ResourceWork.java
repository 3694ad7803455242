package io.switchboard.crud.grpc;

import com.google.protobuf.Message;
import io.switchboard.crud.grpc.ResourceCalls.Work;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@link Work} of the usual methods of a resource, each reading its request as the REST route
 * reads path, {@code If-Match}, body or query, and then running one store call.
 */
final class ResourceWork {

  /** Field of member requests naming the user, REST's {@code {userId}} path parameter. */
  static final String USER_ID = "user_id";

  private ResourceWork() {}

  /** A store call on the entity named by the request's id. */
  @FunctionalInterface
  interface OnId {
    Future<JsonObject> apply(SqlConnection tx, Caller caller, UUID id);
  }

  /** A store call with input read from the request. */
  @FunctionalInterface
  interface WithInput<I> {
    Future<JsonObject> apply(SqlConnection tx, Caller caller, I input);
  }

  /** A store call changing the entity named by the request's id, based on a version. */
  @FunctionalInterface
  interface OnVersion<I> {
    Future<JsonObject> apply(SqlConnection tx, Caller caller, UUID id, long version, I change);
  }

  /** A store call on a membership of the user {@code user_id} in the group named by the id. */
  @FunctionalInterface
  interface OnMember {
    Future<Void> apply(SqlConnection tx, Caller caller, UUID group, UUID user);
  }

  /** Reads, or deletes, the entity the request's {@code id} names. */
  static <Req extends Message> Work<Req> onId(OnId store) {
    return call -> {
      UUID id = call.id();
      return tx -> store.apply(tx, call.caller(), id);
    };
  }

  /** Runs {@code store} with the request's fields read by REST's body check {@code read}. */
  static <Req extends Message, I> Work<Req> withBody(Function<Buffer, I> read, WithInput<I> store) {
    return call -> {
      I input = read.apply(call.body());
      return tx -> store.apply(tx, call.caller(), input);
    };
  }

  /** Runs {@code store} with the request's filters and paging read by REST's query check. */
  static <Req extends Message, Q> Work<Req> withQuery(
      Function<MultiMap, Q> read, WithInput<Q> store) {
    return call -> {
      Q query = GrpcInputs.listQuery(call.message(), read);
      return tx -> store.apply(tx, call.caller(), query);
    };
  }

  /** Changes the entity the request's {@code id} names, if still at {@code expected_version}. */
  static <Req extends Message, I> Work<Req> update(Function<Buffer, I> read, OnVersion<I> store) {
    return call -> {
      UUID id = call.id();
      long version = call.expectedVersion();
      I change = read.apply(call.changes());
      return tx -> store.apply(tx, call.caller(), id, version, change);
    };
  }

  /** Adds or removes the member {@code user_id} of the group {@code id}; answers nothing. */
  static <Req extends Message> Work<Req> member(OnMember store) {
    return call -> {
      UUID group = call.id();
      UUID user = call.uuid(USER_ID);
      return tx -> store.apply(tx, call.caller(), group, user).map(ResourceCalls::none);
    };
  }
}
