package io.switchboard.crud.outbox;

/** Every statement of the outbox relay. */
final class OutboxSql {

  /**
   * Key of the transaction-scoped advisory lock that makes one relay at a time the publisher:
   * {@code SKIP LOCKED} alone would let a second node publish newer rows of a tenant while the
   * first still sends older ones, breaking the order per tenant.
   */
  static final long RELAY_LOCK_KEY = 0x5357_4f55_5442_4f58L;

  static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock($1) AS locked";

  /** The first {@code $1} unpublished rows above id {@code $2}. */
  static final String CLAIM_BATCH =
      "SELECT id, event_id, tenant_id, topic, type, envelope FROM outbox"
          + " WHERE published_at IS NULL AND id > $2 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";

  static final String MARK_PUBLISHED =
      "UPDATE outbox SET published_at = now() WHERE id = ANY($1) AND published_at IS NULL";

  /** Up to {@code $2} rows published more than {@code $1} seconds ago, oldest first. */
  static final String DELETE_PUBLISHED =
      "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
          + " WHERE published_at < now() - make_interval(secs => $1)"
          + " ORDER BY published_at LIMIT $2)";

  private OutboxSql() {}
}
