package io.switchboard.crud.conversation;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;

/**
 * Which conversations of a tenant a caller may see, bound into every conversation query as the
 * first two parameters: the whole tenant, the inboxes the user is a member of, or the caller's own
 * contact. A caller with several roles gets the widest scope among them.
 */
public enum Scope {
  TENANT("tenant"),
  MEMBER_INBOXES("inbox"),
  OWN_CONTACT("contact"),
  NOTHING("none");

  private final String sqlName;

  Scope(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The value bound to {@code $1} of {@link ConversationSql#visible}. */
  public String sqlName() {
    return sqlName;
  }

  /** The scope of {@code caller}. */
  public static Scope of(Caller caller) {
    if (caller.has(Role.ADMIN) || caller.has(Role.SUPERVISOR) || caller.has(Role.SERVICE)) {
      return TENANT;
    }
    if (caller.has(Role.AGENT)) {
      return MEMBER_INBOXES;
    }
    if (caller.has(Role.CUSTOMER)) {
      return OWN_CONTACT;
    }
    return NOTHING;
  }
}
