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
import io.vertx.sqlclient.Tuple;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every domain event on the event bus ({@link EventAddresses#DOMAIN_EVENTS}) as its
 * transaction commits, from the outbox's NOTIFY (migration V2), so other roles react live without
 * Kafka: the hub turns conversation changes into publications for agents.
 */
public final class OutboxNotifierVerticle extends VerticleBase {

  /** The NOTIFY channel the outbox trigger uses. */
  static final String CHANNEL = "switchboard_outbox";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifierVerticle.class);
  private static final long RECONNECT_MS = 1_000;
  private static final String ENVELOPE_BY_ID = "SELECT envelope FROM outbox WHERE id = $1";

  private final String postgresUrl;
  private PgSubscriber subscriber;
  private Pool pool;

  /** A notifier listening at {@code postgresUrl} as its configured user. */
  public OutboxNotifierVerticle(String postgresUrl) {
    this.postgresUrl = postgresUrl;
  }

  @Override
  public Future<?> start() {
    PgConnectOptions options = PgConnectOptions.fromUri(postgresUrl);
    // Envelopes too large for a NOTIFY are read by id, rarely: one connection does.
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(options)
            .using(vertx)
            .build();
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_MS);
    subscriber.channel(CHANNEL).handler(this::onNotification);
    return subscriber.connect();
  }

  @Override
  public Future<?> stop() {
    return Future.join(subscriber.close(), pool.close());
  }

  private void onNotification(String payload) {
    JsonObject note;
    try {
      note = new JsonObject(payload);
    } catch (DecodeException e) {
      LOG.warn("Outbox notification that is not JSON: {}", payload);
      return;
    }
    String inline = note.getString("envelope");
    Future<byte[]> envelope =
        inline != null
            ? Future.succeededFuture(Base64.getMimeDecoder().decode(inline))
            : pool.preparedQuery(ENVELOPE_BY_ID)
                .execute(Tuple.of(note.getLong("id")))
                .map(
                    rows ->
                        rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
    envelope.onComplete(
        read -> {
          if (read.failed() || read.result() == null) {
            LOG.warn("Outbox event {} could not be read", note.getValue("id"), read.cause());
            return;
          }
          try {
            vertx
                .eventBus()
                .publish(EventAddresses.DOMAIN_EVENTS, EventEnvelope.parseFrom(read.result()));
          } catch (InvalidProtocolBufferException e) {
            LOG.warn("Outbox event {} is not an envelope", note.getValue("id"));
          }
        });
  }
}
