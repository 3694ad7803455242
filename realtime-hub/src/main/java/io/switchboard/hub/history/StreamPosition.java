package io.switchboard.hub.history;

/** A place in a channel's stream: an offset and the epoch that names this incarnation of it. */
public record StreamPosition(long offset, String epoch) {}
