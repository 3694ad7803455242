package io.switchboard.crud.http;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The instants a request may carry: those PostgreSQL's {@code timestamptz} stores exactly and that
 * come back as the same instant in RFC 3339, whose years have four digits.
 */
public final class StorableTime {

  /** Earliest instant accepted: RFC 3339 has no year 0 or before. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** Latest instant accepted: later ones are written with a five-digit year. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** PostgreSQL keeps microseconds; finer digits would be rounded away. */
  private static final int NANOS_PER_MICRO = 1000;

  /** Reason given for a timestamp outside these bounds. */
  public static final String REASON =
      "must be an RFC 3339 timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z,"
          + " with at most 6 fractional digits";

  private StorableTime() {}

  /** True when {@code at} is stored and given back as the same instant. */
  public static boolean storable(OffsetDateTime at) {
    Instant instant = at.toInstant();
    return !instant.isBefore(EARLIEST)
        && !instant.isAfter(LATEST)
        && instant.getNano() % NANOS_PER_MICRO == 0;
  }
}
