package io.switchboard.loadtests.gatling;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A queue feeder filled in a simulation's {@code before()}, when the tenant data exists: each
 * virtual user takes the next record once.
 */
final class Feed implements Iterator<Map<String, Object>> {

  private final ConcurrentLinkedQueue<Map<String, Object>> records = new ConcurrentLinkedQueue<>();

  void add(Map<String, Object> record) {
    records.add(record);
  }

  @Override
  public boolean hasNext() {
    return !records.isEmpty();
  }

  @Override
  public Map<String, Object> next() {
    Map<String, Object> record = records.poll();
    if (record == null) {
      throw new NoSuchElementException("more virtual users than seeded records");
    }
    return record;
  }
}
