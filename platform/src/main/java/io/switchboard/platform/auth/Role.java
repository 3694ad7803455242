package io.switchboard.platform.auth;

/** What a caller may do within their tenant, as named in the {@code roles} claim of a token. */
public enum Role {
  CUSTOMER("customer"),
  AGENT("agent"),
  SUPERVISOR("supervisor"),
  ADMIN("admin"),
  SERVICE("service");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in tokens and APIs, e.g. {@code supervisor}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The role with this wire name; names are matched exactly because a token naming {@code Admin}
   * was not minted by anything we trust.
   *
   * @throws IllegalArgumentException if no role has this name
   */
  public static Role parse(String wireName) {
    for (Role role : values()) {
      if (role.wireName.equals(wireName)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + wireName + "'");
  }
}
