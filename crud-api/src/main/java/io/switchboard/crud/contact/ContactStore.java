package io.switchboard.crud.contact;

import io.switchboard.crud.audit.ChangeLog;
import io.switchboard.crud.db.Statements;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Creates and reads contacts inside a tenant transaction. */
public final class ContactStore {

  /**
   * A new contact.
   *
   * @param externalId token subject of the customer, or null
   * @param name display name
   * @param email email, or null
   * @param phone phone, or null
   */
  public record NewContact(String externalId, String name, String email, String phone) {}

  /** Creates a contact, with its audit entry and outbox event. */
  public Future<Contact> create(SqlConnection tx, Caller caller, NewContact created) {
    return tx.preparedQuery(ContactSql.INSERT)
        .execute(
            Tuple.of(
                caller.tenantId(),
                created.externalId(),
                created.name(),
                created.email(),
                created.phone()))
        .map(rows -> Contact.of(rows.iterator().next()))
        .compose(
            contact ->
                ChangeLog.record(
                        tx,
                        caller,
                        "create",
                        "contact",
                        contact.id().toString(),
                        "contact.created",
                        contact.toJson())
                    .map(appended -> contact));
  }

  /** The contact {@code id}, or {@link NotFound}. */
  public Future<Contact> find(SqlConnection tx, UUID id) {
    return find(Statements.of(tx), id);
  }

  /** As above, its one statement sent with {@code statements}. */
  public Future<Contact> find(Statements statements, UUID id) {
    return statements
        .execute(ContactSql.FIND, Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFound("no contact " + id))
                    : Future.succeededFuture(Contact.of(rows.iterator().next())));
  }
}
