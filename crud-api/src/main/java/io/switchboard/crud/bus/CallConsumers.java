package io.switchboard.crud.bus;

import io.switchboard.crud.call.CallInputs;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.switchboard.platform.bus.CrudAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Request/reply consumers through which the voice role keeps its calls and reads its tenant's
 * settings, with the REST API's rules ({@link CallInputs}, staff and services only). Updates apply
 * to the call's current version, as the bus is trusted and holds no ETag.
 */
public final class CallConsumers {

  /** Who may use calls and read the tenant, as in REST. */
  private static final RoleCheck STAFF =
      RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);

  private static final String ID = "id";

  private final TenantWork calls;
  private final TenantWork tenants;
  private final CallStore store;
  private final TenantStore tenantStore;

  /**
   * @param calls the work of the voice module, refused while the tenant has it switched off
   * @param tenants the work of no module, for the tenant itself
   */
  public CallConsumers(
      TenantWork calls, TenantWork tenants, CallStore store, TenantStore tenantStore) {
    this.calls = calls;
    this.tenants = tenants;
    this.store = store;
    this.tenantStore = tenantStore;
  }

  /** Registers the consumers; the future completes when they are registered. */
  public Future<List<MessageConsumer<JsonObject>>> register(EventBus bus) {
    List<MessageConsumer<JsonObject>> consumers =
        List.of(
            bus.consumer(CrudAddresses.CALL_CREATE, msg -> BusRequests.answer(msg, this::create)),
            bus.consumer(CrudAddresses.CALL_GET, msg -> BusRequests.answer(msg, this::get)),
            bus.consumer(CrudAddresses.CALL_UPDATE, msg -> BusRequests.answer(msg, this::update)),
            bus.consumer(
                CrudAddresses.CALL_TRANSCRIPT, msg -> BusRequests.answer(msg, this::transcript)),
            bus.consumer(CrudAddresses.TENANT_GET, msg -> BusRequests.answer(msg, this::tenant)));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .map(done -> consumers);
  }

  private Future<JsonObject> create(JsonObject request) {
    Caller caller = staff(request);
    CallInputs.NewCall created = CallInputs.create(BusRequests.body(request));
    return calls.write(caller, tx -> store.create(tx, caller, created)).map(call -> call.toJson());
  }

  private Future<JsonObject> get(JsonObject request) {
    Caller caller = staff(request);
    UUID id = id(request);
    return calls.read(caller, tx -> store.find(tx, id)).map(call -> call.toJson());
  }

  private Future<JsonObject> update(JsonObject request) {
    Caller caller = staff(request);
    UUID id = id(request);
    CallInputs.Change change = CallInputs.change(BusRequests.body(request, ID));
    return calls
        .write(caller, tx -> store.updateCurrent(tx, caller, id, change))
        .map(call -> call.toJson());
  }

  private Future<JsonObject> transcript(JsonObject request) {
    Caller caller = staff(request);
    UUID id = id(request);
    JsonArray segments = CallInputs.segments(BusRequests.body(request, ID));
    return calls
        .write(caller, tx -> store.appendTranscript(tx, caller, id, segments))
        .map(call -> call.toJson());
  }

  private Future<JsonObject> tenant(JsonObject request) {
    Caller caller = staff(request);
    JsonInput.of(BusRequests.body(request), Set.of()).check();
    return tenants
        .read(caller, tx -> tenantStore.find(tx, caller.tenantId()))
        .map(tenant -> tenant.toJson());
  }

  private static Caller staff(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    STAFF.check(caller);
    return caller;
  }

  private static UUID id(JsonObject request) {
    JsonInput in = JsonInput.of(request);
    UUID id = in.uuid(ID, true);
    in.check();
    return id;
  }
}
