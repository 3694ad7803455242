package io.switchboard.crud.grpc;

import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.tenant.TenantRoutes;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.protos.crud.v1.GetTenantRequest;
import io.switchboard.protos.crud.v1.Tenant;
import io.switchboard.protos.crud.v1.TenantServiceGrpcService;
import io.switchboard.protos.crud.v1.UpdateTenantRequest;

/**
 * The gRPC service {@code switchboard.crud.v1.TenantService}: the caller's own tenant, its settings
 * and modules, over the REST resource's store.
 */
final class TenantGrpcService {

  private final TenantStore store;

  TenantGrpcService(TenantStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Tenant reply = Tenant.getDefaultInstance();
    calls.read(TenantServiceGrpcService.GetTenant, reply, RoleChecks.STAFF, this::get);
    calls.write(TenantServiceGrpcService.UpdateTenant, reply, RoleChecks.ADMINS, this::update);
  }

  private Statements get(CallInput<GetTenantRequest> call) {
    return tx -> store.find(tx, call.caller().tenantId()).map(tenant -> tenant.toJson());
  }

  private Statements update(CallInput<UpdateTenantRequest> call) {
    long version = call.expectedVersion();
    TenantStore.Change change = TenantRoutes.change(call.changes());
    return tx -> store.update(tx, call.caller(), version, change).map(tenant -> tenant.toJson());
  }
}
