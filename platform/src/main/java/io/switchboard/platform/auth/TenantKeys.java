package io.switchboard.platform.auth;

import java.util.regex.Pattern;

/**
 * What a tenant key may look like: a lowercase slug of letters, digits and dashes, at most 63
 * characters, as the {@code tenants} table's check constraint requires. Every place that takes a
 * tenant key from outside (a token, a role request, a bus call, a transaction that writes the key
 * into its SQL text) checks it here, so they cannot drift apart.
 */
public final class TenantKeys {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  private TenantKeys() {}

  /** True when {@code key} is a well-formed tenant key; false for null. */
  public static boolean valid(String key) {
    return key != null && SLUG.matcher(key).matches();
  }
}
