package io.switchboard.hub.channel;

import io.switchboard.hub.fanout.EncodedPush;
import io.switchboard.hub.protocol.DisconnectCode;

/** A connection as its subscriptions see it. */
public interface Subscriber {

  /** True when the connection may receive private notes. */
  boolean staff();

  /** Writes a push; an ephemeral one may be dropped when the connection is slow. */
  void push(EncodedPush push, boolean ephemeral);

  /** Closes the connection with {@code code}. */
  void disconnect(DisconnectCode code);
}
