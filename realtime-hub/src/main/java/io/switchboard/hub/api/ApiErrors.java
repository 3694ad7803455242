package io.switchboard.hub.api;

import io.switchboard.hub.limits.BucketEmpty;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.hub.protocol.ReplyError;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.Unavailable;

/**
 * Turns the WebSocket protocol's reply errors, which the shared chat code fails with, and an empty
 * quota, into the platform's typed errors (and crud-api's refusals into not found), which {@code
 * ProblemMapper} and {@code GrpcStatusMapper} answer; every other failure passes unchanged.
 */
final class ApiErrors {

  /** Retry hint of a refused publish: the buckets refill within a second. */
  private static final long RETRY_AFTER_SECONDS = 1;

  private static final String NO_SUCH_CHANNEL = "no such channel in the tenant";

  private ApiErrors() {}

  /** {@code failure} as a typed error; input errors name {@code field}. */
  static Throwable translate(Throwable failure, String field) {
    if (failure instanceof NotFound
        || failure instanceof Forbidden
        || failure instanceof ModuleDisabled) {
      // What crud-api hides from a service or admin caller is not in their tenant at all.
      return new NotFound(NO_SUCH_CHANNEL);
    }
    if (failure instanceof BucketEmpty empty) {
      return translate(ErrorCode.TOO_MANY_REQUESTS.error(empty.bucket()), field);
    }
    if (!(failure instanceof ReplyError reply)) {
      return failure;
    }
    switch (reply.code()) {
      case BAD_REQUEST:
      case LIMIT_EXCEEDED:
      case UNKNOWN_CHANNEL:
        return Invalid.field(field, reply.getMessage());
      case PERMISSION_DENIED:
        // Service and admin callers see their whole tenant, so what crud-api hides from them is
        // not there: a conversation or inbox of another tenant, or none at all.
        return new NotFound(NO_SUCH_CHANNEL);
      case TOO_MANY_REQUESTS:
        return new RateLimited(reply.getMessage(), RETRY_AFTER_SECONDS);
      case UNRECOVERABLE_POSITION:
        return new PreconditionFailed(
            "since is of another epoch of the stream; page from the current position");
      default:
        return new Unavailable(reply.getMessage());
    }
  }
}
