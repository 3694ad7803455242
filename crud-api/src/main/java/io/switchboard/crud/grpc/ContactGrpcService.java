package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.withBody;

import io.switchboard.crud.contact.ContactRoutes;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.protos.crud.v1.Contact;
import io.switchboard.protos.crud.v1.ContactServiceGrpcService;

/** The gRPC service {@code switchboard.crud.v1.ContactService}, over the REST resource's store. */
final class ContactGrpcService {

  private final ContactStore store;

  ContactGrpcService(ContactStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    Contact reply = Contact.getDefaultInstance();
    calls.read(
        ContactServiceGrpcService.GetContact,
        reply,
        RoleChecks.STAFF,
        onId((tx, caller, id) -> store.find(tx, id).map(c -> c.toJson())));
    calls.create(
        ContactServiceGrpcService.CreateContact,
        reply,
        RoleChecks.STAFF,
        withBody(
            ContactRoutes::newContact,
            (tx, caller, created) -> store.create(tx, caller, created).map(c -> c.toJson())));
  }
}
