package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.user.UserRoutes;
import io.switchboard.crud.user.UserStore;
import io.switchboard.platform.auth.Role;
import io.switchboard.protos.crud.v1.ListUsersResponse;
import io.switchboard.protos.crud.v1.User;
import io.switchboard.protos.crud.v1.UserServiceGrpcService;

/** The gRPC service {@code switchboard.crud.v1.UserService}, over the REST resource's store. */
final class UserGrpcService {

  private final UserStore store;

  UserGrpcService(UserStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    User reply = User.getDefaultInstance();
    calls.read(
        UserServiceGrpcService.GetUser,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(u -> u.toJson())));
    calls.read(
        UserServiceGrpcService.ListUsers,
        ListUsersResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        withQuery(
            UserRoutes::limit,
            (tx, caller, limit) ->
                store
                    .list(tx, limit)
                    .map(users -> ResourceCalls.page("users", users, null, u -> u.toJson()))));
    calls.create(
        UserServiceGrpcService.CreateUser,
        reply,
        RoleChecks.ADMINS,
        withBody(
            UserRoutes::newUser,
            (tx, caller, created) -> store.create(tx, caller, created).map(u -> u.toJson())));
    // Staff may call it; the store lets non-admins change their own availability only.
    calls.write(
        UserServiceGrpcService.UpdateUser,
        reply,
        RoleChecks.STAFF,
        update(
            UserRoutes::change,
            (tx, caller, id, version, change) ->
                store
                    .update(tx, caller, caller.has(Role.ADMIN), id, version, change)
                    .map(u -> u.toJson())));
    calls.write(
        UserServiceGrpcService.DeleteUser,
        NOTHING,
        RoleChecks.ADMINS,
        onId((tx, caller, id) -> store.delete(tx, caller, id).map(ResourceCalls::none)));
  }
}
