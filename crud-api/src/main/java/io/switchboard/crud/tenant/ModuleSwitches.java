package io.switchboard.crud.tenant;

import io.switchboard.crud.db.OpeningCheck;
import io.switchboard.platform.bus.EventAddresses;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which modules each tenant has switched on, as this node last read them, so that the work of a
 * module does not ask PostgreSQL in every transaction it opens. What a transaction's opening read
 * is kept for {@link #KEPT} at most. A change of the tenant forgets it: on the node that makes the
 * change as it is made, and on every node when the change's {@code tenant.updated} event comes (the
 * outbox's NOTIFY, milliseconds after the commit). So a module switched off refuses work on the
 * node that switched it at once, and on the others once they hear of it. One per node, shared by
 * its HTTP fronts and bus consumers; safe from any thread.
 */
public final class ModuleSwitches {

  /** Longest a verdict is kept, should a change's event never come. */
  static final Duration KEPT = Duration.ofSeconds(10);

  private static final String CHANGED = "tenant.updated";

  private record Known(boolean on, long untilNanos) {}

  private final LongSupplier nanos;
  // Tenant, then module.
  private final Map<String, Map<String, Known>> known = new ConcurrentHashMap<>();
  // Counts the changes heard, so that a verdict asked before one is not kept after it.
  private long changes;

  public ModuleSwitches() {
    this(System::nanoTime);
  }

  ModuleSwitches(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * The check that opens a transaction of work belonging to {@code module}, as {@link
   * Modules#switchedOn} does, answered from what this node knows when it can.
   */
  public OpeningCheck switchedOn(String module) {
    return new Remembering(module, Modules.switchedOn(module), null, 0);
  }

  /** Forgets what this node knows of {@code tenantId}'s modules: they are being changed. */
  public synchronized void forget(String tenantId) {
    changes++;
    known.remove(tenantId);
  }

  /** Forgets a tenant's modules whenever any node announces a change of the tenant. */
  public Future<MessageConsumer<EventEnvelope>> listen(EventBus bus) {
    MessageConsumer<EventEnvelope> consumer =
        bus.consumer(
            EventAddresses.DOMAIN_EVENTS,
            message -> {
              if (CHANGED.equals(message.body().getType())) {
                forget(message.body().getTenantId());
              }
            });
    return consumer.completion().map(registered -> consumer);
  }

  /**
   * The module's check; for one transaction ({@code tenantKey} set), one whose verdict is
   * remembered unless a change was heard after {@code changesAsked}.
   */
  private final class Remembering implements OpeningCheck {
    private final String module;
    private final OpeningCheck asking;
    private final String tenantKey;
    private final long changesAsked;

    Remembering(String module, OpeningCheck asking, String tenantKey, long changesAsked) {
      this.module = module;
      this.asking = asking;
      this.tenantKey = tenantKey;
      this.changesAsked = changesAsked;
    }

    @Override
    public String sql(String key) {
      return asking.sql(key);
    }

    @Override
    public Future<Void> verdict(RowSet<Row> rows) {
      boolean on = Modules.enabled(rows);
      if (tenantKey != null) {
        remember(tenantKey, module, on, changesAsked);
      }
      return on ? Future.succeededFuture() : Future.failedFuture(new ModuleDisabled(module));
    }

    @Override
    public OpeningCheck forTransaction(String key) {
      Map<String, Known> modules = known.get(key);
      Known verdict = modules == null ? null : modules.get(module);
      if (verdict != null && nanos.getAsLong() - verdict.untilNanos() < 0) {
        if (verdict.on()) {
          return null;
        }
        throw new ModuleDisabled(module);
      }
      return new Remembering(module, asking, key, changesHeard());
    }
  }

  private synchronized long changesHeard() {
    return changes;
  }

  private synchronized void remember(String tenant, String module, boolean on, long changesAsked) {
    if (changes != changesAsked) {
      // A change came while it was asked: what was read may be from before it.
      return;
    }
    known
        .computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
        .put(module, new Known(on, nanos.getAsLong() + KEPT.toNanos()));
  }
}
