package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.team.TeamInputs;
import io.switchboard.crud.team.TeamStore;
import io.switchboard.protos.crud.v1.CreateTeamRequest;
import io.switchboard.protos.crud.v1.DeleteTeamRequest;
import io.switchboard.protos.crud.v1.GetTeamRequest;
import io.switchboard.protos.crud.v1.ListTeamsRequest;
import io.switchboard.protos.crud.v1.ListTeamsResponse;
import io.switchboard.protos.crud.v1.Team;
import io.switchboard.protos.crud.v1.TeamMemberRequest;
import io.switchboard.protos.crud.v1.TeamServiceGrpcService;
import io.switchboard.protos.crud.v1.UpdateTeamRequest;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.TeamService}: teams and their members, over the REST
 * resource's store.
 */
final class TeamGrpcService {

  private static final Team REPLY = Team.getDefaultInstance();
  private static final Empty NOTHING = Empty.getDefaultInstance();

  private final TeamStore store;

  TeamGrpcService(TeamStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(TeamServiceGrpcService.GetTeam, REPLY, RoleChecks.STAFF, this::get);
    calls.read(
        TeamServiceGrpcService.ListTeams,
        ListTeamsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        this::list);
    calls.create(TeamServiceGrpcService.CreateTeam, REPLY, RoleChecks.ADMINS, this::create);
    calls.write(TeamServiceGrpcService.UpdateTeam, REPLY, RoleChecks.ADMINS, this::rename);
    calls.write(TeamServiceGrpcService.DeleteTeam, NOTHING, RoleChecks.ADMINS, this::delete);
    calls.write(TeamServiceGrpcService.AddTeamMember, NOTHING, RoleChecks.ADMINS, this::add);
    calls.write(TeamServiceGrpcService.RemoveTeamMember, NOTHING, RoleChecks.ADMINS, this::remove);
  }

  private Statements get(CallInput<GetTeamRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(team -> team.toJson());
  }

  private Statements list(CallInput<ListTeamsRequest> call) {
    TeamInputs.ListQuery query = GrpcInputs.listQuery(call.message(), TeamInputs::list);
    return tx ->
        store
            .list(tx, query)
            .map(page -> ResourceCalls.page("teams", page.items(), page.next(), t -> t.toJson()));
  }

  private Statements create(CallInput<CreateTeamRequest> call) {
    String name = TeamInputs.name(call.body());
    return tx -> store.create(tx, call.caller(), name).map(team -> team.toJson());
  }

  private Statements rename(CallInput<UpdateTeamRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    String name = TeamInputs.name(call.body());
    return tx -> store.rename(tx, call.caller(), id, version, name).map(team -> team.toJson());
  }

  private Statements delete(CallInput<DeleteTeamRequest> call) {
    UUID id = call.id();
    return tx -> store.delete(tx, call.caller(), id).map(ResourceCalls::none);
  }

  private Statements add(CallInput<TeamMemberRequest> call) {
    UUID id = call.id();
    UUID user = call.uuid("user_id");
    return tx -> store.addMember(tx, call.caller(), id, user).map(ResourceCalls::none);
  }

  private Statements remove(CallInput<TeamMemberRequest> call) {
    UUID id = call.id();
    UUID user = call.uuid("user_id");
    return tx -> store.removeMember(tx, call.caller(), id, user).map(ResourceCalls::none);
  }
}
