package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A server under the fan-out comparison: how a subscriber joins a channel and how a publication is
 * posted. Every server gets the same subscribers, publications and pacing; only these differ.
 */
interface BroadcastTarget {

  /** The name of channel {@code index} on this server. */
  String channel(int index);

  /** Receives one publication, {@code [start, end)} of {@code data}, on a reader's thread. */
  interface Publications {
    void publication(byte[] data, int start, int end);
  }

  /**
   * Opens subscriber {@code index} on {@code channel}, blocking until it is subscribed; {@code
   * sink} then sees each publication the socket receives (and nothing else: no replies, pings or
   * joins) once a {@link SocketReader} reads it.
   */
  SweepSocket subscribe(int index, String channel, Publications sink) throws IOException;

  /** Posts {@code body} to the channel; succeeds when the server accepted it. */
  Future<Void> publish(String channel, String body);

  /** Why a refused publish was refused, for the error counts. */
  static IllegalStateException refused(int status, Buffer body) {
    String text = body.toString();
    return new IllegalStateException(
        "status " + status + ": " + (text.length() > 200 ? text.substring(0, 200) : text));
  }
}
