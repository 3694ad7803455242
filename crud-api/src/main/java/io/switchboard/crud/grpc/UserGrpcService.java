package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.user.UserRoutes;
import io.switchboard.crud.user.UserStore;
import io.switchboard.platform.auth.Role;
import io.switchboard.protos.crud.v1.CreateUserRequest;
import io.switchboard.protos.crud.v1.DeleteUserRequest;
import io.switchboard.protos.crud.v1.GetUserRequest;
import io.switchboard.protos.crud.v1.ListUsersRequest;
import io.switchboard.protos.crud.v1.ListUsersResponse;
import io.switchboard.protos.crud.v1.UpdateUserRequest;
import io.switchboard.protos.crud.v1.User;
import io.switchboard.protos.crud.v1.UserServiceGrpcService;
import java.util.UUID;

/** The gRPC service {@code switchboard.crud.v1.UserService}, over the REST resource's store. */
final class UserGrpcService {

  private static final User REPLY = User.getDefaultInstance();

  private final UserStore store;

  UserGrpcService(UserStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(UserServiceGrpcService.GetUser, REPLY, RoleChecks.STAFF, this::get);
    calls.read(
        UserServiceGrpcService.ListUsers,
        ListUsersResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::list);
    calls.create(UserServiceGrpcService.CreateUser, REPLY, RoleChecks.ADMINS, this::create);
    // Staff may call it; the store lets non-admins change their own availability only.
    calls.write(UserServiceGrpcService.UpdateUser, REPLY, RoleChecks.STAFF, this::update);
    calls.write(
        UserServiceGrpcService.DeleteUser,
        Empty.getDefaultInstance(),
        RoleChecks.ADMINS,
        this::delete);
  }

  private Statements get(CallInput<GetUserRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(user -> user.toJson());
  }

  private Statements list(CallInput<ListUsersRequest> call) {
    int limit = GrpcInputs.listQuery(call.message(), UserRoutes::limit);
    return tx ->
        store
            .list(tx, limit)
            .map(users -> ResourceCalls.page("users", users, null, user -> user.toJson()));
  }

  private Statements create(CallInput<CreateUserRequest> call) {
    UserStore.NewUser created = UserRoutes.newUser(call.body());
    return tx -> store.create(tx, call.caller(), created).map(user -> user.toJson());
  }

  private Statements update(CallInput<UpdateUserRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    UserStore.Change change = UserRoutes.change(call.body());
    boolean manager = call.caller().has(Role.ADMIN);
    return tx ->
        store.update(tx, call.caller(), manager, id, version, change).map(user -> user.toJson());
  }

  private Statements delete(CallInput<DeleteUserRequest> call) {
    UUID id = call.id();
    return tx -> store.delete(tx, call.caller(), id).map(ResourceCalls::none);
  }
}
