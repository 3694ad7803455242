package io.switchboard.hub.presence;

/** How many connections and how many distinct users are in a channel. */
public record PresenceStats(int numClients, int numUsers) {}
