package io.switchboard.server.chat;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.DuplicateSubscriptionException;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.JoinEvent;
import io.github.centrifugal.centrifuge.LeaveEvent;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.ReplyError;
import io.github.centrifugal.centrifuge.ResultCallback;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionErrorEvent;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.github.centrifugal.centrifuge.SubscriptionSubscribeError;
import io.github.centrifugal.centrifuge.UnsubscribedEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Centrifugo SDK for Java (centrifuge-java, Protobuf encoding) connected to the hub, with what
 * it receives kept in queues a test can wait on.
 */
public final class SdkClient implements AutoCloseable {

  private static final int TIMEOUT = ChatFixture.TIMEOUT_SECONDS;

  final Client client;
  final BlockingQueue<ConnectedEvent> connected = new LinkedBlockingQueue<>();
  final BlockingQueue<DisconnectedEvent> disconnected = new LinkedBlockingQueue<>();
  final BlockingQueue<ConnectingEvent> connecting = new LinkedBlockingQueue<>();

  private SdkClient(String url, String token, int minReconnectDelayMs) {
    Options options = new Options();
    options.setToken(token);
    options.setMinReconnectDelay(minReconnectDelayMs);
    options.setMaxReconnectDelay(Math.max(minReconnectDelayMs * 2, 2000));
    client =
        new Client(
            url,
            options,
            new EventListener() {
              @Override
              public void onConnected(Client c, ConnectedEvent event) {
                connected.add(event);
              }

              @Override
              public void onConnecting(Client c, ConnectingEvent event) {
                connecting.add(event);
              }

              @Override
              public void onDisconnected(Client c, DisconnectedEvent event) {
                disconnected.add(event);
              }
            });
  }

  /** A client connected with {@code token}; fails the test if it does not connect. */
  public static SdkClient connect(String url, String token) throws InterruptedException {
    return connect(url, token, 200);
  }

  /** A connected client that waits at least {@code minReconnectDelayMs} before reconnecting. */
  public static SdkClient connect(String url, String token, int minReconnectDelayMs)
      throws InterruptedException {
    SdkClient sdk = new SdkClient(url, token, minReconnectDelayMs);
    sdk.client.connect();
    if (sdk.connected.poll(TIMEOUT, SECONDS) == null) {
      DisconnectedEvent why = sdk.disconnected.poll();
      sdk.close();
      throw new AssertionError(
          "no connect: " + (why == null ? "timeout" : why.getCode() + " " + why.getReason()));
    }
    return sdk;
  }

  /** A client that tries to connect; the test reads {@link #disconnected}. */
  public static SdkClient attempt(String url, String token) {
    SdkClient sdk = new SdkClient(url, token, 60_000);
    sdk.client.connect();
    return sdk;
  }

  /** Subscribes and waits until the hub confirmed the subscription. */
  public Sub subscribe(String channel) throws Exception {
    Sub sub = new Sub(channel);
    sub.subscription.subscribe();
    SubscribedEvent event = sub.subscribed.poll(TIMEOUT, SECONDS);
    if (event == null) {
      Throwable error = sub.errors.poll();
      throw new AssertionError("not subscribed to " + channel + ": " + describe(error));
    }
    return sub;
  }

  /** Subscribes and returns the reply error the hub refused it with. */
  public Refused subscribeRefused(String channel) throws Exception {
    Sub sub = new Sub(channel);
    sub.subscription.subscribe();
    Throwable error = sub.errors.poll(TIMEOUT, SECONDS);
    if (error instanceof SubscriptionSubscribeError subscribeError
        && subscribeError.getError() instanceof ReplyError reply) {
      client.removeSubscription(sub.subscription);
      return new Refused(reply.getCode(), reply.getMessage());
    }
    throw new AssertionError("expected a refusal, got " + describe(error));
  }

  /** Publishes into a channel without subscribing. */
  public void publish(String channel, JsonObject data) throws Exception {
    CompletableFuture<Object> done = new CompletableFuture<>();
    client.publish(channel, bytes(data), callback(done));
    await(done);
  }

  /** Calls an rpc method; its JSON answer. */
  public JsonObject rpc(String method, JsonObject data) throws Exception {
    CompletableFuture<io.github.centrifugal.centrifuge.RPCResult> done = new CompletableFuture<>();
    client.rpc(method, bytes(data), callback(done));
    return new JsonObject(new String(await(done).getData(), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    client.disconnect();
    try {
      client.close(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] bytes(JsonObject json) {
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  static <T> ResultCallback<T> callback(CompletableFuture<? super T> done) {
    return (error, result) -> {
      if (error != null) {
        done.completeExceptionally(error);
      } else {
        done.complete(result);
      }
    };
  }

  /** The result, or the hub's {@link ReplyError} as a {@link Refused}. */
  static <T> T await(CompletableFuture<T> done) throws Exception {
    try {
      return done.get(TIMEOUT, SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyError reply) {
        throw new Refused(reply.getCode(), reply.getMessage());
      }
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("no reply within " + TIMEOUT + " s", e);
    }
  }

  private static String describe(Throwable error) {
    if (error instanceof SubscriptionSubscribeError s) {
      error = s.getError();
    }
    if (error instanceof SubscriptionErrorEvent s) {
      error = s.getError();
    }
    if (error instanceof ReplyError reply) {
      return reply.getCode() + " " + reply.getMessage();
    }
    return String.valueOf(error);
  }

  /** A command the hub answered with an error. */
  public static final class Refused extends Exception {
    private final int code;

    Refused(int code, String message) {
      super(code + " " + message);
      this.code = code;
    }

    public int getCode() {
      return code;
    }
  }

  /** One subscription and what it received. */
  public final class Sub {
    final Subscription subscription;
    final BlockingQueue<PublicationEvent> publications = new LinkedBlockingQueue<>();
    final BlockingQueue<SubscribedEvent> subscribed = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<JoinEvent> joins = new LinkedBlockingQueue<>();
    final BlockingQueue<LeaveEvent> leaves = new LinkedBlockingQueue<>();

    Sub(String channel) throws DuplicateSubscriptionException {
      subscription =
          client.newSubscription(
              channel,
              new SubscriptionEventListener() {
                @Override
                public void onPublication(Subscription s, PublicationEvent event) {
                  publications.add(event);
                }

                @Override
                public void onSubscribed(Subscription s, SubscribedEvent event) {
                  subscribed.add(event);
                }

                @Override
                public void onError(Subscription s, SubscriptionErrorEvent event) {
                  errors.add(event.getError() == null ? event : event.getError());
                }

                @Override
                public void onUnsubscribed(Subscription s, UnsubscribedEvent event) {
                  errors.add(
                      new AssertionError(
                          "unsubscribed " + event.getCode() + " " + event.getReason()));
                }

                @Override
                public void onJoin(Subscription s, JoinEvent event) {
                  joins.add(event);
                }

                @Override
                public void onLeave(Subscription s, LeaveEvent event) {
                  leaves.add(event);
                }
              });
    }

    /** The next publication's data as JSON; fails after the timeout. */
    public JsonObject next() throws InterruptedException {
      PublicationEvent event = publications.poll(TIMEOUT, SECONDS);
      if (event == null) {
        throw new AssertionError("no publication within " + TIMEOUT + " s");
      }
      return data(event);
    }

    /** The next {@code count} publications (data plus "offset"); fails after the timeout. */
    public List<JsonObject> next(int count) throws InterruptedException {
      List<JsonObject> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        PublicationEvent event = publications.poll(TIMEOUT, SECONDS);
        if (event == null) {
          throw new AssertionError("got " + out.size() + " of " + count + " publications: " + out);
        }
        out.add(data(event));
      }
      return out;
    }

    /** Whatever arrives within {@code millis}. */
    public List<JsonObject> drain(long millis) throws InterruptedException {
      List<JsonObject> out = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return out;
        }
        PublicationEvent event = publications.poll(left, TimeUnit.NANOSECONDS);
        if (event != null) {
          out.add(data(event));
        }
      }
    }

    /** Presence counts of the channel, as the JSON names them. */
    public JsonObject presenceStats() throws Exception {
      CompletableFuture<io.github.centrifugal.centrifuge.PresenceStatsResult> done =
          new CompletableFuture<>();
      subscription.presenceStats(callback(done));
      io.github.centrifugal.centrifuge.PresenceStatsResult stats = await(done);
      return new JsonObject()
          .put("num_clients", stats.getNumClients())
          .put("num_users", stats.getNumUsers());
    }

    /** The users present in the channel, one entry per connection. */
    public List<String> presenceUsers() throws Exception {
      CompletableFuture<io.github.centrifugal.centrifuge.PresenceResult> done =
          new CompletableFuture<>();
      subscription.presence(callback(done));
      List<String> users = new ArrayList<>();
      await(done).getClients().values().forEach(info -> users.add(info.getUser()));
      return users;
    }

    /** Publishes through this subscription. */
    public void publish(JsonObject data) throws Exception {
      CompletableFuture<Object> done = new CompletableFuture<>();
      subscription.publish(bytes(data), callback(done));
      await(done);
    }

    private JsonObject data(PublicationEvent event) {
      return new JsonObject(new String(event.getData(), StandardCharsets.UTF_8))
          .put("_offset", event.getOffset());
    }
  }
}
