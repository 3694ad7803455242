package io.switchboard.crud.grpc;

import io.switchboard.crud.contact.ContactRoutes;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.protos.crud.v1.Contact;
import io.switchboard.protos.crud.v1.ContactServiceGrpcService;
import io.switchboard.protos.crud.v1.CreateContactRequest;
import io.switchboard.protos.crud.v1.GetContactRequest;
import java.util.UUID;

/** The gRPC service {@code switchboard.crud.v1.ContactService}, over the REST resource's store. */
final class ContactGrpcService {

  private static final Contact REPLY = Contact.getDefaultInstance();

  private final ContactStore store;

  ContactGrpcService(ContactStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(ContactServiceGrpcService.GetContact, REPLY, RoleChecks.STAFF, this::get);
    calls.create(ContactServiceGrpcService.CreateContact, REPLY, RoleChecks.STAFF, this::create);
  }

  private Statements get(CallInput<GetContactRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, id).map(contact -> contact.toJson());
  }

  private Statements create(CallInput<CreateContactRequest> call) {
    ContactStore.NewContact created = ContactRoutes.newContact(call.body());
    return tx -> store.create(tx, call.caller(), created).map(contact -> contact.toJson());
  }
}
