package io.switchboard.platform.error;

import java.util.List;

/**
 * A failure with a meaning every protocol can express: each subtype maps to one HTTP status, one
 * gRPC status and one WebSocket error code, in one place per protocol ({@link ProblemMapper} for
 * HTTP).
 */
public abstract sealed class SwitchboardException extends RuntimeException
    permits NotFound,
        Conflict,
        Invalid,
        Unauthenticated,
        Forbidden,
        ModuleDisabled,
        PreconditionFailed,
        PreconditionRequired,
        RateLimited,
        Unavailable {

  private final String type;

  protected SwitchboardException(String type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  /** Short stable slug for the problem type, e.g. {@code not-found}; part of the problem URI. */
  public String type() {
    return type;
  }

  /** What went wrong, in a sentence a client developer can act on. */
  public String detail() {
    return getMessage();
  }

  /** Per-field reasons, empty unless the input was invalid. */
  public List<FieldError> fieldErrors() {
    return List.of();
  }
}
