package io.switchboard.crud.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.platform.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Runs the {@link OutboxRelay} of a node that has Kafka configured. */
public final class OutboxRelayVerticle extends VerticleBase {

  /** The relay runs one transaction at a time; a second connection serves a stop during one. */
  static final int POOL_SIZE = 2;

  private final String postgresUrl;
  private final KafkaConfig kafka;
  private final MeterRegistry meters;

  private Pool pool;
  private KafkaProducer<String, Buffer> producer;
  private OutboxRelay relay;

  /**
   * A relay reading the outbox at {@code postgresUrl} as its configured user (the tenant role may
   * only append to the outbox) and publishing to {@code kafka}.
   */
  public OutboxRelayVerticle(String postgresUrl, KafkaConfig kafka, MeterRegistry meters) {
    this.postgresUrl = postgresUrl;
    this.kafka = kafka;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(POOL_SIZE))
            .connectingTo(PgConnectOptions.fromUri(postgresUrl))
            .using(vertx)
            .build();
    return createProducer()
        .onSuccess(
            created -> {
              producer = created;
              relay = new OutboxRelay(vertx, pool, producer, meters);
              relay.start();
            });
  }

  @Override
  public Future<?> stop() {
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop();
    return relayStopped.compose(
        stopped ->
            Future.join(
                producer == null ? Future.succeededFuture() : producer.close(), pool.close()));
  }

  /** The Kafka client resolves the bootstrap hosts when it is created, so not on the event loop. */
  private Future<KafkaProducer<String, Buffer>> createProducer() {
    return vertx.executeBlocking(
        () ->
            KafkaProducer.create(
                vertx,
                OutboxRelay.producerConfig(kafka.bootstrapServers()),
                String.class,
                Buffer.class));
  }
}
