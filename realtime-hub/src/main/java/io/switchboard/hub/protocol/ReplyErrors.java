package io.switchboard.hub.protocol;

import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.SwitchboardException;
import io.switchboard.platform.error.Unavailable;

/**
 * The one place where the platform's typed errors become the WebSocket protocol's reply errors.
 * What a caller may not see and what does not exist look the same to a client (permission denied,
 * no detail), so that a channel of another tenant cannot be told from none.
 */
public final class ReplyErrors {

  private ReplyErrors() {}

  /** The reply error that answers {@code failure}, or null when it has no known meaning. */
  public static ReplyError of(Throwable failure) {
    if (failure instanceof ReplyError known) {
      return known;
    }
    if (!(failure instanceof SwitchboardException typed)) {
      return null;
    }
    if (typed instanceof NotFound
        || typed instanceof Forbidden
        || typed instanceof ModuleDisabled) {
      return ErrorCode.PERMISSION_DENIED.error(null);
    }
    if (typed instanceof RateLimited) {
      return ErrorCode.TOO_MANY_REQUESTS.error(null);
    }
    if (typed instanceof Unavailable) {
      return ErrorCode.INTERNAL.error(typed.detail());
    }
    // Invalid, Conflict and the precondition errors: the client asked for something wrong.
    return ErrorCode.BAD_REQUEST.error(typed.detail());
  }
}
