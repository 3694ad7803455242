package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.member;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.team.TeamInputs;
import io.switchboard.crud.team.TeamStore;
import io.switchboard.protos.crud.v1.ListTeamsResponse;
import io.switchboard.protos.crud.v1.Team;
import io.switchboard.protos.crud.v1.TeamServiceGrpcService;

/**
 * The gRPC service {@code switchboard.crud.v1.TeamService}: teams and their members, over the REST
 * resource's store.
 */
final class TeamGrpcService {

  private final TeamStore store;

  TeamGrpcService(TeamStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Team reply = Team.getDefaultInstance();
    calls.read(
        TeamServiceGrpcService.GetTeam,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(t -> t.toJson())));
    calls.read(
        TeamServiceGrpcService.ListTeams,
        ListTeamsResponse.getDefaultInstance(),
        RoleChecks.STAFF,
        withQuery(
            TeamInputs::list,
            (tx, caller, query) ->
                store
                    .list(tx, query)
                    .map(p -> ResourceCalls.page("teams", p.items(), p.next(), t -> t.toJson()))));
    calls.create(
        TeamServiceGrpcService.CreateTeam,
        reply,
        RoleChecks.ADMINS,
        withBody(
            TeamInputs::name,
            (tx, caller, name) -> store.create(tx, caller, name).map(t -> t.toJson())));
    calls.write(
        TeamServiceGrpcService.UpdateTeam,
        reply,
        RoleChecks.ADMINS,
        update(
            TeamInputs::name,
            (tx, caller, id, version, name) ->
                store.rename(tx, caller, id, version, name).map(t -> t.toJson())));
    calls.write(
        TeamServiceGrpcService.DeleteTeam,
        NOTHING,
        RoleChecks.ADMINS,
        onId((tx, caller, id) -> store.delete(tx, caller, id).map(ResourceCalls::none)));
    calls.write(
        TeamServiceGrpcService.AddTeamMember, NOTHING, RoleChecks.ADMINS, member(store::addMember));
    calls.write(
        TeamServiceGrpcService.RemoveTeamMember,
        NOTHING,
        RoleChecks.ADMINS,
        member(store::removeMember));
  }
}
