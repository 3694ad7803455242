package io.switchboard.platform.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * One Prometheus registry per Vert.x instance, fed by Vert.x's own metrics (HTTP, event bus, pools)
 * and the JVM's (memory, GC, threads, CPU), and served at {@code /metrics}.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Options that switch Vert.x metrics on; pass them to the builder with {@link #install}. */
  public VertxBuilder install(VertxBuilder builder, VertxOptions options) {
    options.setMetricsOptions(
        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** The registry features add their own meters to. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Mounts the Prometheus text endpoint. */
  public void mount(Router router) {
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}
