package io.switchboard.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Customers and agents chatting. One virtual user per conversation holds two connections, the
 * customer's ({@code wsName("customer")}) and an agent's ({@code wsName("agent")}), both subscribed
 * to the conversation. Each round the customer types and publishes, then the agent (after a think
 * time) marks it read, types and answers, then the customer marks the answer read.
 *
 * <ul>
 *   <li>{@code customer|agent publish → push}: from sending {@code publish} to the sender's own
 *       subscription receiving the stored message's push (matched by its {@code
 *       client_message_id}); the publish→push latency.
 *   <li>{@code agent|customer read: peer message pushed}: the {@code read} receipt's reply, checked
 *       together with the pushes the receiving connection got meanwhile: the peer's message must
 *       have been pushed to it, once.
 *   <li>{@code customer|agent history: exactly the messages sent}: at the end, each side pages
 *       {@code history} since its subscribe position and checks it holds exactly the messages sent,
 *       in order, at contiguous offsets.
 * </ul>
 *
 * <p>Properties: {@code baseUrl}, {@code users} (conversations, 20), {@code agents} (agent users
 * sharing them, users/2), {@code ramp} (s, 10), {@code duration} (s each user chats, 30), {@code
 * thinkMs} (500), {@code timeoutMs} (a check's wait, 5000), {@code p99Ms} (1000), {@code
 * minOkPercent} (100); tokens: {@code secret}, {@code secretFile}, {@code tokenFile}, {@code
 * tenant}.
 */
public class ChatSimulation extends Simulation {

  private static final long CONNECT_ID = 1;
  private static final long SUBSCRIBE_ID = 2;
  private static final long HISTORY_ID = 3;
  private static final int HISTORY_LIMIT = 1000;

  private final int users = Env.integer("users", 20);
  private final int agents = Env.integer("agents", Math.max(1, users / 2));
  private final Duration ramp = Env.seconds("ramp", 10);
  private final Duration duration = Env.seconds("duration", 30);
  private final Duration think = Env.millis("thinkMs", 500);
  private final Duration timeout = Env.millis("timeoutMs", 5000);

  private final Tokens tokens = Tokens.fromSystemProperties();
  private final Feed conversations = new Feed();

  @Override
  public void before() {
    Seed seed = new Seed(tokens);
    String inbox = seed.inbox("Gatling chat");
    for (int a = 0; a < agents; a++) {
      seed.agent("chat-agent-" + a, inbox);
    }
    for (int u = 0; u < users; u++) {
      String customer = "chat-customer-" + u;
      String conversation = seed.conversation(inbox, seed.contact(customer));
      String agent = "chat-agent-" + (u % agents);
      conversations.add(
          Map.of(
              "conversation", conversation,
              "channel", Hub.channel(conversation),
              "customerToken", tokens.token(customer, "customer"),
              "agentToken", tokens.token(agent, "agent")));
    }
    System.out.printf(
        "ChatSimulation: tenant %s, %d conversations, %d agents%n", tokens.tenant(), users, agents);
  }

  {
    HttpProtocolBuilder protocol =
        http.baseUrl(Env.baseUrl())
            .wsBaseUrl(Env.wsBaseUrl())
            .wsAutoReplyTextFrame(Hub::autoPong)
            .wsUnmatchedInboundMessageBufferSize(10_000);

    ScenarioBuilder chat =
        scenario("Chat")
            .exec(feed(conversations))
            .exec(session -> session.set("sent", List.<String>of()))
            .exec(open("customer", "customerToken"))
            .exec(open("agent", "agentToken"))
            .exitHereIfFailed()
            // exitASAP off: a round ends whole, or a stored message would miss the expected list
            .during(duration, "round", false)
            .on(
                exec(turn("customer", "agent", "c"))
                    .exec(turn("agent", "customer", "a"))
                    .exitHereIfFailed())
            .exec(history("customer"))
            .exec(history("agent"))
            .exec(ws("customer close").wsName("customer").close())
            .exec(ws("agent close").wsName("agent").close());

    setUp(chat.injectOpen(rampUsers(users).during(ramp)))
        .protocols(protocol)
        .maxDuration(ramp.plus(duration).plusSeconds(120))
        .assertions(
            global().responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            details("customer publish → push").responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            details("agent publish → push").responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            global().successfulRequests().percent().gte(Env.minOkPercent(100)),
            details("agent read: peer message pushed").failedRequests().count().is(0L),
            details("customer read: peer message pushed").failedRequests().count().is(0L),
            details("agent history: exactly the messages sent").failedRequests().count().is(0L),
            details("customer history: exactly the messages sent").failedRequests().count().is(0L));
  }

  /** Opens {@code side}'s socket, connects with its token and subscribes to the conversation. */
  private ChainBuilder open(String side, String tokenKey) {
    return Steps.connect(side, side, timeout, CONNECT_ID, tokenKey)
        .exec(Steps.subscribe(side, timeout, SUBSCRIBE_ID, side + "Start", side + "Epoch"))
        .exec(
            session ->
                session.set(side + "Received", new Hub.Received(session.getString("channel"))));
  }

  /**
   * One turn: {@code sender} types and publishes; after a think time {@code receiver} collects what
   * its socket got and sends a read receipt for the message, checked to have been pushed.
   */
  private ChainBuilder turn(String sender, String receiver, String tag) {
    return exec(session ->
            session.set("cmid", tag + "-" + session.userId() + "-" + session.getInt("round")))
        .exec(ws(sender + " pong").wsName(sender).sendText(Hub.PONG))
        .exec(
            ws(sender + " typing")
                .wsName(sender)
                .sendText(session -> Hub.typing(id(session, 1), session.getString("channel")))
                .await(timeout)
                .on(
                    ws.checkTextMessage(sender + " typing → reply")
                        .matching(regex(session -> Hub.replyTo(id(session, 1))))
                        .check(repliedInRound(1, "rpc"))))
        .exec(
            ws(sender + " publish")
                .wsName(sender)
                .sendText(
                    session ->
                        Hub.publish(
                            id(session, 2),
                            session.getString("channel"),
                            "Hello from " + session.getString("cmid"),
                            session.getString("cmid")))
                .await(timeout)
                .on(
                    ws.checkTextMessage(sender + " publish → push")
                        .matching(
                            regex(
                                session ->
                                    Hub.pushOrError(session.getString("cmid"), id(session, 2))))
                        .check(
                            bodyString()
                                .transformWithSession(
                                    (frame, session) ->
                                        Hub.pushedOffset(frame, session.getString("cmid")))
                                .gt(0L)
                                .saveAs("offset"))))
        .exec(
            session -> {
              if (!session.contains("offset") || session.isFailed()) {
                return session;
              }
              List<String> sent = new ArrayList<>(session.getList("sent"));
              sent.add(session.getString("cmid"));
              return session.set("sent", sent);
            })
        .pause(think)
        .exec(
            ws.processUnmatchedMessages(
                receiver,
                (messages, session) -> {
                  ((Hub.Received) session.get(receiver + "Received")).add(messages);
                  return session;
                }))
        .exec(
            ws(receiver + " read")
                .wsName(receiver)
                .sendText(
                    session ->
                        Hub.read(
                            id(session, 3),
                            session.getString("channel"),
                            session.getLong("offset")))
                .await(timeout)
                .on(
                    ws.checkTextMessage(receiver + " read: peer message pushed")
                        .matching(regex(session -> Hub.replyTo(id(session, 3))))
                        .check(
                            repliedInRound(3, "rpc"),
                            bodyString()
                                .transformWithSession(
                                    (frame, session) ->
                                        ((Hub.Received) session.get(receiver + "Received"))
                                            .got(session.getString("cmid")))
                                .validate("is ok", Hub::ok))));
  }

  /** At the end: {@code side} pages history since it subscribed; exactly what was sent. */
  private ChainBuilder history(String side) {
    return exec(ws(side + " pong").wsName(side).sendText(Hub.PONG))
        .exec(
            ws(side + " history")
                .wsName(side)
                .sendText(
                    session ->
                        Hub.history(
                            HISTORY_ID,
                            session.getString("channel"),
                            session.getLong(side + "Start"),
                            session.getString(side + "Epoch"),
                            HISTORY_LIMIT))
                .await(timeout)
                .on(
                    ws.checkTextMessage(side + " history: exactly the messages sent")
                        .matching(regex(Hub.replyTo(HISTORY_ID)))
                        .check(
                            bodyString()
                                .transformWithSession(
                                    (frame, session) -> {
                                      List<String> sent = session.getList("sent");
                                      return Hub.verifyPublications(
                                          Hub.reply(frame, HISTORY_ID)
                                              .path("history")
                                              .path("publications"),
                                          session.getLong(side + "Start"),
                                          sent.subList(0, Math.min(sent.size(), HISTORY_LIMIT)));
                                    })
                                .validate("is ok", Hub::ok))));
  }

  /** Checks the frame holds a successful reply of {@code kind} to the command {@code which}. */
  static CheckBuilder repliedInRound(int which, String kind) {
    return bodyString()
        .transformWithSession((frame, session) -> Hub.replyOk(frame, id(session, which), kind))
        .validate("is ok", Hub::ok);
  }

  /** Command ids unique on a connection: 10 per round, after the first few. */
  private static long id(Session session, int which) {
    return 10L + session.getInt("round") * 10L + which;
  }
}
