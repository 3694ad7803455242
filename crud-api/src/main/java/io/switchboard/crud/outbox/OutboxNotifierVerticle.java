package io.switchboard.crud.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every domain event on the event bus ({@link EventAddresses#DOMAIN_EVENTS}) as its
 * transaction commits, from the outbox's NOTIFY (migration V2), so other roles react live without
 * Kafka: the hub turns stored messages and conversation changes into publications.
 *
 * <p>NOTIFY is not durable: what commits while the listening connection is down is never announced.
 * So after every re-LISTEN the notifier reads the outbox rows it has not heard of and announces
 * them too. Ids come from a sequence taken at insert, not at commit, so a transaction with a lower
 * id may commit after a higher one was heard: the read starts {@link #ID_SLACK} ids below the
 * highest heard and skips the ids already announced. Consumers drop the rare duplicate (by offset
 * or event id), as they do when several crud nodes announce the same event.
 */
public final class OutboxNotifierVerticle extends VerticleBase {

  /** The NOTIFY channel the outbox trigger uses. */
  static final String CHANNEL = "switchboard_outbox";

  /**
   * How far below the highest heard id a catch-up looks for late commits: more ids than are taken
   * by transactions in flight at once at any write rate the outbox sustains.
   */
  static final long ID_SLACK = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifierVerticle.class);
  private static final long RECONNECT_MS = 1_000;
  private static final int CATCH_UP_PAGE = 1_000;
  private static final String ENVELOPE_BY_ID = "SELECT envelope FROM outbox WHERE id = $1";
  private static final String HIGHEST_ID = "SELECT coalesce(max(id), 0) FROM outbox";

  /**
   * Rows after an id, oldest first; the outbox relay deletes published rows after {@link
   * OutboxRelay#RETENTION}, so an outage longer than that loses announcements (never the events,
   * which the relay still sends to Kafka).
   */
  private static final String ROWS_AFTER =
      "SELECT id, envelope FROM outbox WHERE id > $1 ORDER BY id LIMIT $2";

  private final String postgresUrl;

  /** Ids announced within {@link #ID_SLACK} of {@link #highestHeard}, so a catch-up skips them. */
  private final Set<Long> heard = new HashSet<>();

  private PgSubscriber subscriber;
  private Pool pool;

  /** The highest outbox id announced, or -1 before the first LISTEN. */
  private long highestHeard = -1;

  /** A notifier listening at {@code postgresUrl} as its configured user. */
  public OutboxNotifierVerticle(String postgresUrl) {
    this.postgresUrl = postgresUrl;
  }

  @Override
  public Future<?> start() {
    PgConnectOptions options = PgConnectOptions.fromUri(postgresUrl);
    // Large envelopes and catch-ups are read rarely: one connection does.
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(options)
            .using(vertx)
            .build();
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MS);
    subscriber
        .channel(CHANNEL)
        .subscribeHandler(listening -> onListening())
        .handler(this::onNotification);
    return subscriber.connect();
  }

  @Override
  public Future<?> stop() {
    return Future.join(subscriber.close(), pool.close());
  }

  /** Runs after each LISTEN: the first takes the starting point, later ones catch up. */
  private void onListening() {
    if (highestHeard < 0) {
      pool.query(HIGHEST_ID)
          .execute()
          .onSuccess(
              rows -> highestHeard = Math.max(highestHeard, rows.iterator().next().getLong(0)))
          .onFailure(failed -> LOG.warn("Outbox position not read", failed));
      return;
    }
    long from = Math.max(0, highestHeard - ID_SLACK);
    LOG.info("Listening again: announcing outbox events after id {} not heard", from);
    catchUpAfter(from);
  }

  private void catchUpAfter(long id) {
    pool.preparedQuery(ROWS_AFTER)
        .execute(Tuple.of(id, CATCH_UP_PAGE))
        .onSuccess(this::announceMissed)
        .onFailure(failed -> LOG.warn("Outbox catch-up after {} failed", id, failed));
  }

  private void announceMissed(RowSet<Row> rows) {
    long last = -1;
    for (Row row : rows) {
      last = row.getLong(0);
      announce(last, row.getBuffer(1).getBytes());
    }
    if (rows.size() == CATCH_UP_PAGE) {
      catchUpAfter(last);
    }
  }

  private void onNotification(String payload) {
    JsonObject note;
    try {
      note = new JsonObject(payload);
    } catch (DecodeException e) {
      LOG.warn("Outbox notification that is not JSON: {}", payload);
      return;
    }
    Long id = note.getLong("id");
    if (id == null) {
      LOG.warn("Outbox notification without an id: {}", payload);
      return;
    }
    if (heard.contains(id)) {
      return; // a catch-up read it first
    }
    String inline = note.getString("envelope");
    Future<byte[]> envelope =
        inline != null
            ? Future.succeededFuture(Base64.getMimeDecoder().decode(inline))
            : pool.preparedQuery(ENVELOPE_BY_ID)
                .execute(Tuple.of(id))
                .map(
                    rows ->
                        rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    envelope.onComplete(
        read -> {
          if (read.failed() || read.result() == null) {
            LOG.warn("Outbox event {} could not be read", id, read.cause());
            return;
          }
          announce(id, read.result());
        });
  }

  /**
   * Announces an event once: after a re-LISTEN, an event committed meanwhile may come both from the
   * catch-up and from its own notification, in either order.
   */
  private void announce(long id, byte[] envelope) {
    if (heard.contains(id)) {
      return;
    }
    remember(id);
    try {
      vertx.eventBus().publish(EventAddresses.DOMAIN_EVENTS, EventEnvelope.parseFrom(envelope));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("Outbox event {} is not an envelope", id);
    }
  }

  private void remember(long id) {
    heard.add(id);
    if (id > highestHeard) {
      highestHeard = id;
      // Ids ID_SLACK below the highest are never read again: forget them in one sweep now and then.
      if (heard.size() > 4 * ID_SLACK) {
        heard.removeIf(old -> old < highestHeard - ID_SLACK);
      }
    }
  }
}
