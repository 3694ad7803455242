package io.switchboard.loadtests.peer;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ceiling for Switchboard's own stack in the fan-out benchmark: a Vert.x WebSocket broadcast
 * server with no auth, storage or checks, shaped like the chat hub (one instance per event loop, a
 * publication sent once on the local event bus and written by each event loop to its own
 * subscribers, the text encoded once). WebSocket subscribers at {@code /sub/<channel>}; {@code POST
 * /pub/<channel>} sends the body to them.
 *
 * <pre>
 * java -jar vertx-broadcast.jar 18093
 * </pre>
 */
public final class VertxBroadcast extends AbstractVerticle {

  private static final String ADDRESS = "broadcast";
  private static final String SUB = "/sub/";
  private static final String PUB = "/pub/";

  private final Map<String, List<ServerWebSocket>> channels = new HashMap<>();

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18093;
    // Epoll where Netty's native library loads, as the Switchboard server does.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    int instances = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    vertx
        .deployVerticle(
            () -> new VertxBroadcast(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(
            id ->
                System.out.println(
                    "vert.x broadcast listening on "
                        + port
                        + (vertx.isNativeTransportEnabled() ? " (epoll)" : " (NIO)")))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              vertx.close();
            });
  }

  private final int port;

  private VertxBroadcast(int port) {
    this.port = port;
  }

  @Override
  public void start(Promise<Void> started) {
    vertx.eventBus().<Buffer>localConsumer(ADDRESS, this::deliver);
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setAcceptBacklog(4096))
        .webSocketHandshakeHandler(
            handshake -> {
              if (handshake.path().startsWith(SUB)) {
                handshake.accept();
              } else {
                handshake.reject(404);
              }
            })
        .webSocketHandler(this::subscribe)
        .requestHandler(this::publish)
        .listen(port)
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void subscribe(ServerWebSocket socket) {
    String channel = socket.path().substring(SUB.length());
    List<ServerWebSocket> subscribers =
        channels.computeIfAbsent(channel, name -> new ArrayList<>());
    subscribers.add(socket);
    socket.closeHandler(closed -> subscribers.remove(socket));
  }

  private void publish(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !request.path().startsWith(PUB)) {
      request.response().setStatusCode(404).end();
      return;
    }
    String channel = request.path().substring(PUB.length());
    request
        .body()
        .compose(
            body -> {
              vertx.eventBus().publish(ADDRESS, body, deliveryOptions(channel));
              return request.response().end();
            });
  }

  private static DeliveryOptions deliveryOptions(String channel) {
    return new DeliveryOptions().addHeader("channel", channel);
  }

  private void deliver(Message<Buffer> message) {
    List<ServerWebSocket> subscribers = channels.get(message.headers().get("channel"));
    if (subscribers == null || subscribers.isEmpty()) {
      return;
    }
    String text = message.body().toString();
    for (int i = 0; i < subscribers.size(); i++) {
      subscribers.get(i).writeTextMessage(text);
    }
  }
}
