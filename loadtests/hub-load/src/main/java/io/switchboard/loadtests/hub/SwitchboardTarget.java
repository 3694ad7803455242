package io.switchboard.loadtests.hub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Switchboard in the comparison: subscribers are authenticated agents on the chat WebSocket, each
 * subscribed to its own {@code user:} channel (shared by the channel's subscribers, one user with
 * many connections); publications go through the server API ({@code POST /api/v1/hub/publish}, a
 * service token), which keeps each in the channel's Redis window at its offset before fanning it
 * out. That is the hub's path for everything but chat messages, which are also stored in PostgreSQL
 * first (measured on their own by {@code hub.sh}).
 */
final class SwitchboardTarget implements BroadcastTarget {

  private static final byte[] PUB_FIELD = "\"pub\":".getBytes();

  private final HttpClient http;
  private final Tokens tokens;
  private final String runId;
  private final String host;
  private final int port;
  private final String serviceToken;

  SwitchboardTarget(HttpClient http, String host, int port, Tokens tokens, String runId) {
    this.http = http;
    this.tokens = tokens;
    this.runId = runId;
    this.host = host;
    this.port = port;
    this.serviceToken = tokens.mint(runId + "-publisher", "service");
  }

  @Override
  public String channel(int index) {
    return "user:" + user(index);
  }

  @Override
  public SweepSocket subscribe(int index, String channel, Publications sink) throws IOException {
    String user = channel.substring("user:".length());
    Subscriber subscriber = new Subscriber(sink);
    SweepSocket socket = SweepSocket.open(host, port, "/ws");
    try {
      socket.sink(subscriber);
      subscriber.command(
          socket, "{\"id\":1,\"connect\":{\"token\":\"" + tokens.mint(user, "agent") + "\"}}");
      subscriber.command(socket, "{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}");
      return socket;
    } catch (IOException | RuntimeException failure) {
      socket.close();
      throw failure;
    }
  }

  /**
   * One subscriber's frames: answers pings, hands publication lines to the sink, and keeps the
   * reply to the command under way (one at a time, while the socket still blocks).
   */
  private static final class Subscriber implements SweepSocket.FrameSink {
    private static final byte[] REPLY = "{\"id\":".getBytes();
    private static final String ERROR = "\"error\"";

    private final Publications sink;
    private String reply;

    Subscriber(Publications sink) {
      this.sink = sink;
    }

    /** Sends a command and reads until its reply; fails on an error reply or a closed socket. */
    void command(SweepSocket socket, String json) throws IOException {
      reply = null;
      socket.sendText(json);
      while (reply == null) {
        if (!socket.read()) {
          throw new EOFException("closed before the reply to " + json);
        }
      }
      if (reply.contains(ERROR)) {
        throw new IOException("refused: " + reply);
      }
    }

    @Override
    public void frame(SweepSocket socket, byte[] data, int start, int end) throws IOException {
      int lineStart = start;
      while (lineStart < end) {
        int lineEnd = lineStart;
        while (lineEnd < end && data[lineEnd] != '\n') {
          lineEnd++;
        }
        line(socket, data, lineStart, lineEnd);
        lineStart = lineEnd + 1;
      }
    }

    private void line(SweepSocket socket, byte[] data, int start, int end) throws IOException {
      if (end - start == 2 && data[start] == '{' && data[start + 1] == '}') {
        socket.sendText("{}");
      } else if (Bytes.startsWith(data, start, end, REPLY)) {
        reply = new String(data, start, end - start, StandardCharsets.UTF_8);
      } else if (Bytes.indexOf(data, start, end, PUB_FIELD) >= 0) {
        sink.publication(data, start, end);
      }
    }
  }

  @Override
  public Future<Void> publish(String channel, String body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI("/api/v1/hub/publish")
            .putHeader("Authorization", "Bearer " + serviceToken)
            .putHeader("Content-Type", "application/json");
    String json =
        new JsonObject()
            .put("channel", channel)
            .put("data", new JsonObject().put("body", body))
            .encode();
    return http.request(request)
        .compose(call -> call.send(json))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        text ->
                            response.statusCode() == 200
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                    BroadcastTarget.refused(response.statusCode(), text))));
  }

  private String user(int index) {
    return runId + "-fan-" + index;
  }
}
