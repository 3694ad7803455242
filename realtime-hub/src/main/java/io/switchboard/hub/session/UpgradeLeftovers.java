package io.switchboard.hub.session;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of what Vert.x keeps of a chat WebSocket's upgrade for the connection's whole life though
 * nothing reads it after the handshake; at tens of thousands of idle connections it is about half
 * of each one's memory (docs/benchmarks.md, connection capacity):
 *
 * <ul>
 *   <li>the outbound queue Vert.x 5.0.7 gives every WebSocket connection, a multi-producer queue
 *       with a 1,024-slot array (about 4.5 KB), because it builds WebSocket connections without the
 *       server's strict thread mode. Every frame the hub writes goes to the channel itself ({@code
 *       SocketOutput}) from the connection's event loop; Vert.x writes only Close frames and pongs,
 *       on the same loop. The connection gets the direct queue strict mode would have given it;
 *   <li>the upgrade request, its response and the HTTP connection object, reachable from the
 *       WebSocket's pipeline handler through the function that created its connection, which is
 *       never called again;
 *   <li>the request's headers, which the WebSocket keeps for {@code headers()}: nothing asks after
 *       the handshake, and a browser's (cookies, user agent, languages) run to kilobytes. The
 *       socket answers an empty map instead.
 * </ul>
 *
 * <p>All three are private fields of Vert.x, reached by reflection: the version is pinned, and
 * {@code UpgradeLeftoversTest} fails if a new one moves them. Should they be missing at run time,
 * connections keep them and work as before; each front instance warns once.
 */
public final class UpgradeLeftovers {

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeLeftovers.class);

  private final Field connectionFactory;
  private final Field outboundQueue;
  private final Constructor<?> directQueue;
  private final Field webSocket;
  private final Field headers;
  // Shared by the sockets of this instance: nothing writes to a server WebSocket's headers.
  private final MultiMap noHeaders = MultiMap.caseInsensitiveMultiMap();

  private UpgradeLeftovers(
      Field connectionFactory,
      Field outboundQueue,
      Constructor<?> directQueue,
      Field webSocket,
      Field headers) {
    this.connectionFactory = connectionFactory;
    this.outboundQueue = outboundQueue;
    this.directQueue = directQueue;
    this.webSocket = webSocket;
    this.headers = headers;
  }

  /** The release for this Vert.x, or one that releases nothing if its fields are not found. */
  public static UpgradeLeftovers find() {
    try {
      Field factory = VertxHandler.class.getDeclaredField("connectionFactory");
      Field queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      Constructor<?> direct =
          Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
              .getDeclaredConstructor(VertxConnection.class);
      Field socket =
          Class.forName("io.vertx.core.http.impl.WebSocketConnectionImpl")
              .getDeclaredField("webSocket");
      Field socketHeaders = WebSocketImplBase.class.getDeclaredField("headers");
      for (AccessibleObject member : List.of(factory, queue, direct, socket, socketHeaders)) {
        member.setAccessible(true);
      }
      return new UpgradeLeftovers(factory, queue, direct, socket, socketHeaders);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "This Vert.x keeps each WebSocket's upgrade request, headers and outbound queue;"
              + " connections will use more memory ({})",
          e.toString());
      return new UpgradeLeftovers(null, null, null, null, null);
    }
  }

  /** Whether {@link #release} does anything with this Vert.x. */
  public boolean works() {
    return connectionFactory != null;
  }

  /**
   * Releases what {@code pipeline}'s WebSocket connection keeps of its upgrade; call it on the
   * connection's event loop once the handshake is done and before anything is written through
   * Vert.x.
   */
  public void release(ChannelPipeline pipeline) {
    if (!works()) {
      return;
    }
    VertxHandler<?> handler = pipeline.get(VertxHandler.class);
    if (handler == null) {
      return;
    }
    try {
      VertxConnection connection = handler.getConnection();
      connectionFactory.set(handler, null);
      outboundQueue.set(connection, directQueue.newInstance(connection));
      headers.set(webSocket.get(connection), noHeaders);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Upgrade leftovers of a connection not released", e);
    }
  }
}
