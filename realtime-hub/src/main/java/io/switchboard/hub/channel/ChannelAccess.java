package io.switchboard.hub.channel;

import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.crud.CrudClient;
import io.vertx.core.Future;

/**
 * Who may subscribe to which channel. Conversations and inboxes are asked of crud-api as the
 * caller, so the rules are the REST API's: customers their own contact's conversations, agents
 * their inboxes', supervisors and admins the tenant's. A call's channel is for the tenant's staff,
 * never its customers. Who may write a message is decided by crud-api itself when it stores it.
 */
public final class ChannelAccess {

  /** The stored top of a channel that PostgreSQL keeps nothing of. */
  private static final Long NOTHING_STORED = 0L;

  private final CrudClient crud;

  public ChannelAccess(CrudClient crud) {
    this.crud = crud;
  }

  /**
   * Succeeds when {@code caller} may subscribe, with the newest offset stored for the channel in
   * PostgreSQL as read on the way (a conversation's last message; 0 for channels that store
   * nothing); else fails with permission denied.
   */
  public Future<Long> subscribe(Caller caller, ChannelName channel) {
    switch (channel.namespace()) {
      case CONVERSATION:
        return crud.conversation(caller, channel.id())
            .map(conversation -> conversation.getLong("last_offset", 0L));
      case INBOX:
        return isStaff(caller) ? crud.inbox(caller, channel.id()).map(NOTHING_STORED) : denied();
      case CALL:
        // Live transcripts are for the people who listen in or take over, never the caller.
        return isStaff(caller) ? Future.succeededFuture(NOTHING_STORED) : denied();
      case USER:
        return caller.userId().equals(channel.id()) || caller.has(Role.SERVICE)
            ? Future.succeededFuture(NOTHING_STORED)
            : denied();
      case TENANT:
        return isStaff(caller) ? Future.succeededFuture(NOTHING_STORED) : denied();
      default:
        return denied();
    }
  }

  /** Agents, supervisors, admins and services: who may see private notes and agents' channels. */
  public static boolean isStaff(Caller caller) {
    return caller.has(Role.AGENT)
        || caller.has(Role.SUPERVISOR)
        || caller.has(Role.ADMIN)
        || caller.has(Role.SERVICE);
  }

  private static <T> Future<T> denied() {
    return Future.failedFuture(ErrorCode.PERMISSION_DENIED.error(null));
  }
}
