package io.switchboard.platform.error;

import io.vertx.grpc.common.GrpcStatus;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses: each {@link SwitchboardException} subtype
 * stands for one status, with its detail (and field reasons) as the status message; a disabled
 * module's message starts with its problem type, {@code module-disabled}. Unexpected failures
 * become {@code INTERNAL} with a message that reveals nothing internal; they are logged here, once.
 */
public final class GrpcStatusMapper {

  /** Message of every {@code INTERNAL} status, whatever the cause. */
  public static final String INTERNAL_MESSAGE = "The server failed to handle the call.";

  private static final Logger LOG = LoggerFactory.getLogger(GrpcStatusMapper.class);

  private GrpcStatusMapper() {}

  /**
   * A gRPC status and the message sent with it.
   *
   * @param status the status code
   * @param message the {@code grpc-message} text
   */
  public record Mapped(GrpcStatus status, String message) {}

  /** gRPC status for a typed failure. */
  public static GrpcStatus status(SwitchboardException failure) {
    if (failure instanceof NotFound) {
      return GrpcStatus.NOT_FOUND;
    } else if (failure instanceof Conflict) {
      return GrpcStatus.ALREADY_EXISTS;
    } else if (failure instanceof Invalid) {
      return GrpcStatus.INVALID_ARGUMENT;
    } else if (failure instanceof Unauthenticated) {
      return GrpcStatus.UNAUTHENTICATED;
    } else if (failure instanceof Forbidden || failure instanceof ModuleDisabled) {
      return GrpcStatus.PERMISSION_DENIED;
    } else if (failure instanceof PreconditionFailed || failure instanceof PreconditionRequired) {
      return GrpcStatus.FAILED_PRECONDITION;
    } else if (failure instanceof RateLimited) {
      return GrpcStatus.RESOURCE_EXHAUSTED;
    } else {
      return GrpcStatus.UNAVAILABLE; // Unavailable, the last permitted subtype
    }
  }

  /** The status and message that answer {@code failure} of call {@code method}. */
  public static Mapped map(Throwable failure, String method) {
    if (failure instanceof SwitchboardException known) {
      return new Mapped(status(known), message(known));
    }
    LOG.error("Unhandled failure of gRPC call {}", method, failure);
    return new Mapped(GrpcStatus.INTERNAL, INTERNAL_MESSAGE);
  }

  private static String message(SwitchboardException failure) {
    if (failure instanceof ModuleDisabled) {
      // PERMISSION_DENIED also answers missing roles; the problem type tells the two apart.
      return failure.type() + ": " + failure.detail();
    }
    if (failure.fieldErrors().isEmpty()) {
      return failure.detail();
    }
    // gRPC has no body for errors, so the field reasons travel in the message: "field: reason".
    return failure.detail()
        + " ("
        + failure.fieldErrors().stream()
            .map(e -> e.field() + ": " + e.reason())
            .collect(Collectors.joining("; "))
        + ")";
  }
}
