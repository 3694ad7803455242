package io.switchboard.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Customers who drop and come back. One virtual user per conversation holds an agent's connection,
 * which writes, and the customer's, which reads. Each round the agent publishes {@code live}
 * messages while the customer is connected, the customer checks it got exactly those pushes, then
 * drops (closes its socket); the agent publishes {@code missed} more; the customer reconnects and
 * subscribes with {@code recover: true} from the last offset it saw and the stream's epoch.
 *
 * <ul>
 *   <li>{@code customer read: live pushes exact}: the pushes since the last position are exactly
 *       the live messages, at contiguous offsets, none twice.
 *   <li>{@code customer recover → reply: missed exact}: the reply says {@code recovered: true} and
 *       holds exactly the messages published while away, in order, at the next offsets, and its
 *       position is the last of them.
 *   <li>{@code agent publish → push}: publish→push on the writer's own subscription.
 * </ul>
 *
 * <p>Properties: {@code baseUrl}, {@code users} (conversations, 20), {@code ramp} (s, 10), {@code
 * duration} (s each user goes on dropping, 30), {@code live} (3) and {@code missed} (3) messages a
 * round, {@code thinkMs} (pause between rounds, 500; the agent may publish 10 a second), {@code
 * timeoutMs} (5000), {@code p99Ms} (1000), {@code minOkPercent} (100); tokens as in {@link Tokens}.
 */
public class ReconnectSimulation extends Simulation {

  private static final long CONNECT_ID = 1;
  private static final long SUBSCRIBE_ID = 2;

  private final int users = Env.integer("users", 20);
  private final Duration ramp = Env.seconds("ramp", 10);
  private final Duration duration = Env.seconds("duration", 30);
  private final int live = Env.integer("live", 3);
  private final int missed = Env.integer("missed", 3);
  private final Duration think = Env.millis("thinkMs", 500);
  private final Duration timeout = Env.millis("timeoutMs", 5000);

  private final Tokens tokens = Tokens.fromSystemProperties();
  private final Feed conversations = new Feed();

  @Override
  public void before() {
    Seed seed = new Seed(tokens);
    String inbox = seed.inbox("Gatling reconnect");
    for (int u = 0; u < users; u++) {
      String agent = "rec-agent-" + u;
      String customer = "rec-customer-" + u;
      seed.agent(agent, inbox);
      String conversation = seed.conversation(inbox, seed.contact(customer));
      conversations.add(
          Map.of(
              "channel", Hub.channel(conversation),
              "customerToken", tokens.token(customer, "customer"),
              "agentToken", tokens.token(agent, "agent")));
    }
    System.out.printf("ReconnectSimulation: tenant %s, %d conversations%n", tokens.tenant(), users);
  }

  {
    HttpProtocolBuilder protocol =
        http.baseUrl(Env.baseUrl())
            .wsBaseUrl(Env.wsBaseUrl())
            .wsAutoReplyTextFrame(Hub::autoPong)
            .wsUnmatchedInboundMessageBufferSize(10_000);

    ScenarioBuilder reconnect =
        scenario("Reconnect")
            .exec(feed(conversations))
            .exec(open("agent", "agentToken", false))
            .exec(open("customer", "customerToken", false))
            .exitHereIfFailed()
            .during(duration, "round", false)
            .on(
                // a ping that comes while a check waits goes unanswered by Gatling: answer anyway
                exec(ws("agent pong").wsName("agent").sendText(Hub.PONG))
                    .exec(publishAll("live"))
                    .pause(Duration.ofMillis(300))
                    .exec(checkLive())
                    .exec(ws("customer drop").wsName("customer").close())
                    .exec(publishAll("missed"))
                    .exec(open("customer", "customerToken", true))
                    .exitHereIfFailed()
                    .pause(think))
            .exec(ws("agent close").wsName("agent").close())
            .exec(ws("customer close").wsName("customer").close());

    setUp(reconnect.injectOpen(rampUsers(users).during(ramp)))
        .protocols(protocol)
        .maxDuration(ramp.plus(duration).plusSeconds(120))
        .assertions(
            global().responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            details("agent publish → push").responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            global().successfulRequests().percent().gte(Env.minOkPercent(100)),
            details("customer read: live pushes exact").failedRequests().count().is(0L),
            details("customer recover → reply: missed exact").failedRequests().count().is(0L));
  }

  /** The agent publishes {@code live} or {@code missed} messages, kept in that list. */
  private ChainBuilder publishAll(String kind) {
    int count = kind.equals("live") ? live : missed;
    return exec(session -> session.set(kind, List.<String>of()))
        .exec(
            repeat(count, "n")
                .on(
                    exec(session ->
                            session
                                .set(
                                    "cmid",
                                    kind
                                        + "-"
                                        + session.userId()
                                        + "-"
                                        + session.getInt("round")
                                        + "-"
                                        + session.getInt("n"))
                                .set(
                                    "pubId",
                                    100L + session.getInt("round") * 100L + count(kind, session)))
                        .exec(
                            ws("agent publish")
                                .wsName("agent")
                                .sendText(
                                    session ->
                                        Hub.publish(
                                            session.getLong("pubId"),
                                            session.getString("channel"),
                                            kind + " message " + session.getString("cmid"),
                                            session.getString("cmid")))
                                .await(timeout)
                                .on(
                                    ws.checkTextMessage("agent publish → push")
                                        .matching(
                                            regex(
                                                session ->
                                                    Hub.pushOrError(
                                                        session.getString("cmid"),
                                                        session.getLong("pubId"))))
                                        .check(
                                            bodyString()
                                                .transformWithSession(
                                                    (frame, session) ->
                                                        Hub.pushedOffset(
                                                            frame, session.getString("cmid")))
                                                .gt(0L))))
                        .exec(
                            session -> {
                              List<String> sent = new ArrayList<>(session.getList(kind));
                              sent.add(session.getString("cmid"));
                              return session.set(kind, sent);
                            })));
  }

  /** A distinct command id per message of a round: live ones first, then missed ones. */
  private int count(String kind, Session session) {
    return (kind.equals("live") ? 0 : live) + session.getInt("n");
  }

  /**
   * The customer collects the pushes its socket got and sends a read receipt for the last one;
   * checked: exactly the live messages, at the offsets after its position.
   */
  private ChainBuilder checkLive() {
    return exec(ws.processUnmatchedMessages(
            "customer",
            (messages, session) -> {
              Hub.Received received = new Hub.Received(session.getString("channel")).add(messages);
              long position = session.getLong("position");
              return session
                  .set("liveVerdict", received.verify(position, session.getList("live")))
                  .set("position", received.lastOffset(position));
            }))
        .exec(
            ws("customer read")
                .wsName("customer")
                .sendText(
                    session ->
                        Hub.read(
                            3L + session.getInt("round") * 100L,
                            session.getString("channel"),
                            session.getLong("position")))
                .await(timeout)
                .on(
                    ws.checkTextMessage("customer read: live pushes exact")
                        .matching(
                            regex(session -> Hub.replyTo(3L + session.getInt("round") * 100L)))
                        .check(
                            bodyString()
                                .transformWithSession(
                                    (frame, session) ->
                                        Hub.replyOk(
                                            frame, 3L + session.getInt("round") * 100L, "rpc"))
                                .validate("is ok", Hub::ok),
                            bodyString()
                                .transformWithSession(
                                    (frame, session) -> session.getString("liveVerdict"))
                                .validate("is ok", Hub::ok))));
  }

  /**
   * Opens {@code side}'s socket and connects; then subscribes, or (recovering) subscribes from the
   * kept position and checks the recovered publications.
   */
  private ChainBuilder open(String side, String tokenKey, boolean recovering) {
    String prefix = side + (recovering ? " reconnect" : "");
    ChainBuilder connect = Steps.connect(prefix, side, timeout, CONNECT_ID, tokenKey);
    if (!recovering) {
      return connect.exec(Steps.subscribe(side, timeout, SUBSCRIBE_ID, "position", "epoch"));
    }
    return connect.exec(
        ws("customer recover")
            .wsName(side)
            .sendText(
                session ->
                    Hub.recover(
                        SUBSCRIBE_ID,
                        session.getString("channel"),
                        session.getLong("position"),
                        session.getString("epoch")))
            .await(timeout)
            .on(
                ws.checkTextMessage("customer recover → reply: missed exact")
                    .matching(regex(Hub.replyTo(SUBSCRIBE_ID)))
                    .check(
                        bodyString()
                            .transformWithSession(ReconnectSimulation::verifyRecovery)
                            .validate("is ok", Hub::ok),
                        bodyString()
                            .transform(frame -> Hub.subscribedOffset(frame, SUBSCRIBE_ID))
                            .gte(0L)
                            .saveAs("position"))));
  }

  private static String verifyRecovery(String frame, Session session) {
    try {
      JsonNode reply = Hub.reply(frame, SUBSCRIBE_ID);
      JsonNode subscribe = reply == null ? null : reply.get("subscribe");
      if (subscribe == null) {
        return "not subscribed: " + reply;
      }
      if (!subscribe.path("was_recovering").asBoolean()
          || !subscribe.path("recovered").asBoolean()) {
        return "not recovered: " + subscribe;
      }
      if (!session.getString("epoch").equals(subscribe.path("epoch").asText())) {
        return "epoch changed: " + subscribe.path("epoch");
      }
      List<String> missed = session.getList("missed");
      long position = session.getLong("position");
      String verdict = Hub.verifyPublications(subscribe.path("publications"), position, missed);
      if (!verdict.equals("ok")) {
        return verdict;
      }
      long offset = subscribe.path("offset").asLong(0);
      return offset == position + missed.size()
          ? "ok"
          : "position " + offset + " after recovering " + missed.size() + " from " + position;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}
