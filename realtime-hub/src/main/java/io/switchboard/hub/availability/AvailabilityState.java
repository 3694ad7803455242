package io.switchboard.hub.availability;

import java.time.Instant;

/** A user's availability and since when it holds. */
public record AvailabilityState(String userId, Availability status, Instant since) {}
