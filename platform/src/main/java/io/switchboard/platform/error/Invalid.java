package io.switchboard.platform.error;

import java.util.List;

/** The input is malformed or breaks a rule; {@link #fieldErrors()} says which fields and why. */
public final class Invalid extends SwitchboardException {

  private final List<FieldError> fieldErrors;

  public Invalid(String detail, List<FieldError> fieldErrors) {
    super("invalid", detail);
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  public Invalid(String detail) {
    this(detail, List.of());
  }

  /** One refused field. */
  public static Invalid field(String field, String reason) {
    return new Invalid("invalid " + field + ": " + reason, List.of(new FieldError(field, reason)));
  }

  @Override
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }
}
