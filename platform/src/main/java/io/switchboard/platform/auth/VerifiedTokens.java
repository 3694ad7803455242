package io.switchboard.platform.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens a verifier has accepted, so that a client sending the same token with every request pays
 * for its signature and claims once rather than on each (they were an eighth of an event loop's
 * time under REST load). Keyed by the whole token, signature included, so only the exact token that
 * was verified is found; an entry counts only while the keys it was verified with are still the
 * verifier's keys, and the caller using it still checks the expiry on every hit.
 */
final class VerifiedTokens {

  /** Most tokens held; when full the cache starts over rather than track use. */
  static final int MAX_ENTRIES = 10_000;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The caller {@code token} proved with {@code keys}, or null when not held for those keys. */
  Caller get(String token, KeySet keys) {
    Entry entry = entries.get(token);
    // Identity, not equality: a fetched JWKS is a new key set even when its keys look the same.
    return entry != null && entry.keys() == keys ? entry.caller() : null;
  }

  /** Holds that {@code token} proved {@code caller} with {@code keys}. */
  void put(String token, KeySet keys, Caller caller) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(token, new Entry(keys, caller));
  }

  /** Forgets {@code token}, e.g. once it has expired. */
  void remove(String token) {
    entries.remove(token);
  }

  /** How many tokens are held. */
  int size() {
    return entries.size();
  }

  private record Entry(KeySet keys, Caller caller) {}
}
