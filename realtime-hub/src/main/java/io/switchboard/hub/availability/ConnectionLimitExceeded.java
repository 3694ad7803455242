package io.switchboard.hub.availability;

/** A connection refused because its user or its tenant already holds as many as allowed. */
public final class ConnectionLimitExceeded extends RuntimeException {

  /** Which limit refused the connection. */
  public enum Scope {
    USER,
    TENANT;

    /** "user" or "tenant". */
    public String wire() {
      return this == USER ? "user" : "tenant";
    }
  }

  private final Scope scope;
  private final int limit;

  public ConnectionLimitExceeded(Scope scope, int limit) {
    super(
        "too many connections for the " + scope.wire() + " (limit " + limit + ")",
        null,
        false,
        false);
    this.scope = scope;
    this.limit = limit;
  }

  public Scope scope() {
    return scope;
  }

  public int limit() {
    return limit;
  }
}
