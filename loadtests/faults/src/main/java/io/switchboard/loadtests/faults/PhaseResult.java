package io.switchboard.loadtests.faults;

import java.util.List;
import java.util.Map;

/**
 * The figures of one phase of the suite, counted by {@code client_message_id}.
 *
 * @param name the fault (or {@code baseline})
 * @param acked messages acknowledged to their sender
 * @param stored acknowledged messages found in PostgreSQL
 * @param delivered acknowledged messages every subscriber of their conversation received
 * @param lost acknowledged messages not stored, or missing at one subscriber or more
 * @param duplicated messages stored twice, or received twice by one subscriber (counted per copy)
 * @param unacked messages sent but never acknowledged by the end of the phase
 * @param minEvents fewest Kafka events of one stored message (-1 without Kafka)
 * @param duplicateEvents Kafka events beyond the first, over all stored messages
 * @param servedAgainMs from the fault to the slowest publisher's next acknowledgement
 * @param reconnectMs the longest time a client that lost its connection took to be subscribed again
 * @param p50Ms publish-to-own-push latency, 50th percentile
 * @param p99Ms the same, 99th percentile
 * @param told what clients were told, counted
 * @param findings details of each loss and duplicate
 */
record PhaseResult(
    String name,
    int acked,
    int stored,
    int delivered,
    int lost,
    int duplicated,
    int unacked,
    int minEvents,
    int duplicateEvents,
    long servedAgainMs,
    long reconnectMs,
    long p50Ms,
    long p99Ms,
    Map<String, Integer> told,
    List<String> findings) {}
