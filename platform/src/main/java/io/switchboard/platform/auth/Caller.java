package io.switchboard.platform.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as proven by a verified token: the tenant every access is confined to, the user,
 * their roles and when the proof runs out.
 *
 * @param tenantId the {@code tid} claim
 * @param userId the {@code sub} claim
 * @param roles the {@code roles} claim
 * @param expiresAt the {@code exp} claim
 */
public record Caller(String tenantId, String userId, Set<Role> roles, Instant expiresAt) {

  public Caller {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /** True when the caller holds {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }
}
