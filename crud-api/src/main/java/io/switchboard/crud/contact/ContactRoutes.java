package io.switchboard.crud.contact;

import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.ResourceHandlers;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * REST resource {@code /api/v1/contacts}: agents, supervisors, admins and services create ({@code
 * name}, {@code external_id?}, {@code email?}, {@code phone?}) and read contacts; a duplicate
 * {@code external_id} is 409.
 */
public final class ContactRoutes {

  /** Path of the collection. */
  public static final String PATH = "/api/v1/contacts";

  /** Longest name and external id, as the schema allows. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Longest email address. */
  public static final int MAX_EMAIL_LENGTH = 320;

  /** Longest phone number. */
  public static final int MAX_PHONE_LENGTH = 32;

  private static final Set<String> FIELDS = Set.of("external_id", "name", "email", "phone");

  private final TenantWork work;
  private final ContactStore store;
  private final BearerAuthHandler auth;

  public ContactRoutes(TenantWork work, ContactStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the routes to {@code router}. */
  public void mount(Router router) {
    RoleCheck staff = RoleCheck.requireAny(Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.SERVICE);
    router
        .post(PATH)
        .handler(auth)
        .handler(staff)
        .handler(ResourceHandlers.create(work, ContactRoutes::newContact, store::create));
    router
        .get(PATH + "/:id")
        .handler(auth)
        .handler(staff)
        .handler(
            ResourceHandlers.get(work, (statements, caller, id) -> store.find(statements, id)));
  }

  /** The new contact in a POST body, checked; the gRPC front reads its requests with it too. */
  public static ContactStore.NewContact newContact(Buffer body) {
    JsonInput in = JsonInput.of(body, FIELDS);
    ContactStore.NewContact created =
        new ContactStore.NewContact(
            in.string("external_id", false, MAX_NAME_LENGTH),
            in.string("name", true, MAX_NAME_LENGTH),
            in.string("email", false, MAX_EMAIL_LENGTH),
            in.string("phone", false, MAX_PHONE_LENGTH));
    in.check();
    return created;
  }
}
