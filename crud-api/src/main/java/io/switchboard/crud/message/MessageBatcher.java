package io.switchboard.crud.message;

import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.message.MessageStore.Append;
import io.switchboard.crud.message.MessageStore.Appended;
import io.switchboard.crud.message.MessageStore.NewMessage;
import io.switchboard.crud.message.MessageStore.Outcome;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Group commit for messages: appends that arrive while earlier batches are being written wait and
 * go together, one transaction per tenant's batch ({@link MessageStore#appendAll}), and each sender
 * is answered after the commit. A lone message is written on the next turn of the event loop, so it
 * waits for nothing; under load the batches grow by themselves, at most {@link #MAX_BATCH} messages
 * and {@link #MAX_IN_FLIGHT} transactions at a time, {@link #MAX_IN_FLIGHT_PER_TENANT} of them for
 * one tenant. A message PostgreSQL refuses fails alone inside its batch's transaction ({@link
 * MessageStore#appendAll}); a batch that fails as a whole (its connection or its commit) is written
 * again message by message.
 *
 * <p>State belongs to one event loop: calls from elsewhere hop onto it.
 */
public final class MessageBatcher {

  /** Most messages in one transaction. */
  public static final int MAX_BATCH = 256;

  /** Most batches being written at once by one batcher. */
  public static final int MAX_IN_FLIGHT = 4;

  /**
   * Most of them for one tenant. A tenant's batches mostly lock the same conversations, so a third
   * would only queue on those locks, and the smaller batches cost PostgreSQL more per message; two
   * keep one written while the next waits and gathers what arrives. Other tenants' batches take no
   * such locks, and take the remaining places (docs/benchmarks.md, "Group commit: two batches in
   * flight per tenant").
   */
  public static final int MAX_IN_FLIGHT_PER_TENANT = 2;

  private record Pending(Append append, Promise<Appended> promise) {}

  /** A tenant's batches being written, and when the locks of the latest one were answered. */
  private static final class Flight {
    private int batches;
    private Future<Void> latestLocked = Future.succeededFuture();
  }

  /**
   * A batch taken from the queue: sent once {@code before}, the locks of the tenant's batch taken
   * before it, were answered; {@code locked} completes once its own are.
   */
  private record Start(
      String tenant,
      Flight flight,
      List<Pending> batch,
      Future<Void> before,
      Promise<Void> locked) {}

  private final Context context;
  private final TenantWork work;
  private final MessageStore store;
  // Tenants in the order they are served; each with its messages in arrival order.
  private final Map<String, ArrayDeque<Pending>> queued = new LinkedHashMap<>();
  // Tenants with batches being written; none once their last is done.
  private final Map<String, Flight> flights = new HashMap<>();
  private int inFlight;
  private boolean flushScheduled;

  /**
   * @param work transactions of the caller's tenant, refused while the tenant lacks chat
   */
  public MessageBatcher(Vertx vertx, TenantWork work, MessageStore store) {
    this.context = vertx.getOrCreateContext();
    this.work = work;
    this.store = store;
  }

  /** Appends {@code message}; completes once it is committed, or refused. */
  public Future<Appended> append(Caller caller, UUID conversationId, NewMessage message) {
    Pending pending = new Pending(new Append(caller, conversationId, message), Promise.promise());
    if (Vertx.currentContext() == context) {
      enqueue(pending);
    } else {
      context.runOnContext(v -> enqueue(pending));
    }
    return pending.promise().future();
  }

  private void enqueue(Pending pending) {
    queued
        .computeIfAbsent(pending.append().caller().tenantId(), t -> new ArrayDeque<>())
        .add(pending);
    if (!flushScheduled && inFlight < MAX_IN_FLIGHT) {
      // The next turn, so that what arrives in this one goes along.
      flushScheduled = true;
      context.runOnContext(
          v -> {
            flushScheduled = false;
            flush();
          });
    }
  }

  private void flush() {
    List<Start> starting = new ArrayList<>();
    // Passes over the tenants until a pass starts nothing: a tenant with more than a batch waiting
    // may take a second place in the next pass.
    int before;
    do {
      before = starting.size();
      List<Map.Entry<String, ArrayDeque<Pending>>> served = new ArrayList<>();
      Iterator<Map.Entry<String, ArrayDeque<Pending>>> tenants = queued.entrySet().iterator();
      while (inFlight < MAX_IN_FLIGHT && tenants.hasNext()) {
        Map.Entry<String, ArrayDeque<Pending>> next = tenants.next();
        Flight flight = flights.computeIfAbsent(next.getKey(), t -> new Flight());
        if (flight.batches >= MAX_IN_FLIGHT_PER_TENANT) {
          continue; // its turn comes when one of its batches is done
        }
        ArrayDeque<Pending> waiting = next.getValue();
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
        while (batch.size() < MAX_BATCH && !waiting.isEmpty()) {
          batch.add(waiting.poll());
        }
        tenants.remove();
        if (!waiting.isEmpty()) {
          served.add(next);
        }
        inFlight++;
        flight.batches++;
        // Chained in the order taken, so that a tenant's batches reach the locks in that order.
        Promise<Void> locked = Promise.promise();
        starting.add(new Start(next.getKey(), flight, batch, flight.latestLocked, locked));
        flight.latestLocked = locked.future();
      }
      // To the back, in the order served: tenants take turns.
      served.forEach(entry -> queued.put(entry.getKey(), entry.getValue()));
    } while (starting.size() > before && inFlight < MAX_IN_FLIGHT);
    // Started once the queue is in order again: a batch refused at once completes, and flushes,
    // before write returns.
    starting.forEach(this::start);
  }

  // Sent once the tenant's batch before it holds its locks, so that this one queues behind it and
  // takes the later offsets: sent together, either could reach the locks first.
  private void start(Start start) {
    start
        .before()
        .transform(done -> write(start.batch(), start.locked()))
        .onComplete(
            done -> {
              start.locked().tryComplete(); // refused or failed before its lock was sent
              inFlight--;
              if (--start.flight().batches == 0) {
                flights.remove(start.tenant());
              }
              flush();
            });
  }

  private Future<Void> write(List<Pending> batch, Promise<Void> locked) {
    Caller first = batch.get(0).append().caller();
    List<Append> appends = batch.stream().map(Pending::append).toList();
    return work.change(
            first, (tx, commit) -> store.appendAll(tx, first.tenantId(), appends, commit, locked))
        .map(
            outcomes -> {
              for (int i = 0; i < batch.size(); i++) {
                Outcome outcome = outcomes.get(i);
                if (outcome.failure() != null) {
                  batch.get(i).promise().fail(outcome.failure());
                } else {
                  batch.get(i).promise().complete(outcome.appended());
                }
              }
              return (Void) null;
            })
        .recover(failed -> batch.size() == 1 ? failAll(batch, failed) : oneByOne(batch));
  }

  private static Future<Void> failAll(List<Pending> batch, Throwable failure) {
    batch.forEach(pending -> pending.promise().fail(failure));
    return Future.succeededFuture();
  }

  // The batch failed as a whole (its connection went away, its commit failed): each message alone,
  // so that only what is wrong fails. They no longer hold the batch's place in the tenant's order.
  private Future<Void> oneByOne(List<Pending> batch) {
    List<Future<Appended>> each = new ArrayList<>();
    for (Pending pending : batch) {
      Append append = pending.append();
      each.add(
          work.write(
                  append.caller(),
                  tx ->
                      store.append(tx, append.caller(), append.conversationId(), append.message()))
              .onComplete(pending.promise()));
    }
    return Future.join(each).otherwiseEmpty().mapEmpty();
  }
}
