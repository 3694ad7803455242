package io.switchboard.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

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
 * Fan-out: many subscribers per conversation, a few publishers. Subscribers connect first and
 * collect the pushes their socket receives; once every publisher has started, each publisher
 * publishes {@code messages} messages at {@code rate} per second, each awaited as its own push.
 * When a subscriber has received them all (or its wait runs out) it pages {@code history} since the
 * position it subscribed at.
 *
 * <ul>
 *   <li>{@code publisher publish → push}: publish to the publisher's own push (publish→push).
 *   <li>{@code subscriber history: every message pushed once, in order}: history holds exactly
 *       publishers × messages new messages, and the pushes the subscriber received are exactly
 *       those, at contiguous offsets, none twice.
 * </ul>
 *
 * <p>Properties: {@code baseUrl}, {@code conversations} (5), {@code subscribers} (per conversation,
 * 20; at most 32, a user's connection limit: subscriber j of every conversation is the same agent),
 * {@code publishers} (per conversation, 2), {@code messages} (per publisher, 30), {@code rate}
 * (messages per second per publisher, 2; the hub allows a user 10), {@code ramp} (s over which
 * subscribers connect, 5), {@code settle} (s subscribers wait past the publishing, 10), {@code
 * timeoutMs} (5000), {@code p99Ms} (1000), {@code minOkPercent} (100), {@code fresh} (false: each
 * conversation gets an opening message in {@code before()}, as a customer's chat starts; true:
 * subscribers join conversations still at offset 0); tokens as in {@link Tokens}.
 */
public class FanoutSimulation extends Simulation {

  private static final long CONNECT_ID = 1;
  private static final long SUBSCRIBE_ID = 2;
  private static final long HISTORY_ID = 3;
  private static final Duration START_GAP = Duration.ofSeconds(3);

  private final int conversations = Env.integer("conversations", 5);
  private final int subscribers = Env.integer("subscribers", 20);
  private final int publishers = Env.integer("publishers", 2);
  private final int messages = Env.integer("messages", 30);
  private final double rate = Env.decimal("rate", 2);
  private final Duration ramp = Env.seconds("ramp", 5);
  private final Duration settle = Env.seconds("settle", 10);
  private final Duration timeout = Env.millis("timeoutMs", 5000);
  private final boolean fresh = Env.bool("fresh", false);
  private final Duration publishing = Duration.ofMillis((long) Math.ceil(messages * 1000 / rate));

  private final Tokens tokens = Tokens.fromSystemProperties();
  private final Feed subscriberFeed = new Feed();
  private final Feed publisherFeed = new Feed();

  @Override
  public void before() {
    Seed seed = new Seed(tokens);
    String inbox = seed.inbox("Gatling fan-out");
    for (int s = 0; s < subscribers; s++) {
      seed.agent("fan-sub-" + s, inbox);
    }
    for (int c = 0; c < conversations; c++) {
      String conversation = seed.conversation(inbox, seed.contact("fan-customer-" + c));
      long base = fresh ? 0 : seed.message(conversation, "Hello, I have a question");
      for (int s = 0; s < subscribers; s++) {
        subscriberFeed.add(
            Map.of(
                "channel",
                Hub.channel(conversation),
                "token",
                tokens.token("fan-sub-" + s, "agent"),
                "base",
                base));
      }
      for (int p = 0; p < publishers; p++) {
        String publisher = "fan-pub-" + c + "-" + p;
        seed.agent(publisher, inbox);
        publisherFeed.add(
            Map.of(
                "channel",
                Hub.channel(conversation),
                "token",
                tokens.token(publisher, "agent"),
                "pubUser",
                publisher));
      }
    }
    System.out.printf(
        "FanoutSimulation: tenant %s, %d conversations × %d subscribers, %d publishers × %d"
            + " messages each%n",
        tokens.tenant(), conversations, subscribers, publishers, messages);
  }

  {
    HttpProtocolBuilder protocol =
        http.baseUrl(Env.baseUrl())
            .wsBaseUrl(Env.wsBaseUrl())
            .wsAutoReplyTextFrame(Hub::autoPong)
            .wsUnmatchedInboundMessageBufferSize(100_000);
    long total = (long) publishers * messages;
    Duration waitFor = ramp.plus(START_GAP).plus(publishing).plus(settle);

    ScenarioBuilder subscriber =
        scenario("Subscriber")
            .exec(feed(subscriberFeed))
            .exec(open("subscriber"))
            .exitHereIfFailed()
            .exec(
                session ->
                    session
                        .set("received", new Hub.Received(session.getString("channel")))
                        .set("deadline", System.currentTimeMillis() + waitFor.toMillis()))
            .exec(
                asLongAs(
                        session ->
                            received(session).count() < newMessages(session, total)
                                && System.currentTimeMillis() < session.getLong("deadline"))
                    .on(
                        pause(Duration.ofMillis(250))
                            .exec(
                                ws.processUnmatchedMessages(
                                    "subscriber",
                                    (messages, session) -> {
                                      received(session).add(messages);
                                      return session;
                                    }))))
            // subscribers that got everything at once would page history at once: spread them
            .pause(Duration.ZERO, Duration.ofSeconds(3))
            .exec(
                ws("subscriber history")
                    .wsName("subscriber")
                    .sendText(
                        session ->
                            Hub.history(
                                HISTORY_ID,
                                session.getString("channel"),
                                session.getLong("start"),
                                session.getString("epoch"),
                                (int) Math.min(1000, total + 1)))
                    .await(timeout)
                    .on(
                        ws.checkTextMessage(
                                "subscriber history: every message pushed once, in order")
                            .matching(regex(Hub.replyTo(HISTORY_ID)))
                            .check(
                                bodyString()
                                    .transformWithSession(
                                        (frame, session) -> verify(frame, session, total))
                                    .validate("is ok", Hub::ok))))
            .exec(ws("subscriber close").wsName("subscriber").close());

    ScenarioBuilder publisher =
        scenario("Publisher")
            .exec(feed(publisherFeed))
            .exec(open("publisher"))
            .exitHereIfFailed()
            .repeat(messages, "n")
            .on(
                pace(Duration.ofMillis((long) (1000 / rate)))
                    .exec(
                        session ->
                            session.set(
                                "cmid", session.getString("pubUser") + "-" + session.getInt("n")))
                    // a ping that comes while a check waits goes unanswered by Gatling
                    .doIf(session -> session.getInt("n") % 10 == 0)
                    .then(exec(ws("publisher pong").wsName("publisher").sendText(Hub.PONG)))
                    .exec(
                        ws("publisher publish")
                            .wsName("publisher")
                            .sendText(
                                session ->
                                    Hub.publish(
                                        10L + session.getInt("n"),
                                        session.getString("channel"),
                                        "fan-out " + session.getString("cmid"),
                                        session.getString("cmid")))
                            .await(timeout)
                            .on(
                                ws.checkTextMessage("publisher publish → push")
                                    .matching(
                                        regex(
                                            session ->
                                                Hub.pushOrError(
                                                    session.getString("cmid"),
                                                    10L + session.getInt("n"))))
                                    .check(
                                        bodyString()
                                            .transformWithSession(
                                                (frame, session) ->
                                                    Hub.pushedOffset(
                                                        frame, session.getString("cmid")))
                                            .gt(0L)))))
            .exec(ws("publisher close").wsName("publisher").close());

    setUp(
            subscriber.injectOpen(rampUsers(conversations * subscribers).during(ramp)),
            publisher.injectOpen(
                nothingFor(ramp.plus(START_GAP)), atOnceUsers(conversations * publishers)))
        .protocols(protocol)
        .maxDuration(waitFor.plusSeconds(60))
        .assertions(
            global().responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            details("publisher publish → push").responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            global().successfulRequests().percent().gte(Env.minOkPercent(100)),
            details("publisher publish → push").failedRequests().count().is(0L),
            details("subscriber history: every message pushed once, in order")
                .failedRequests()
                .count()
                .is(0L));
  }

  /** Messages after the subscriber's position once all are published. */
  private static long newMessages(Session session, long total) {
    return session.getLong("base") + total - session.getLong("start");
  }

  private static Hub.Received received(Session session) {
    return (Hub.Received) session.get("received");
  }

  /** History after the subscribe position must hold all the new messages, and the pushes them. */
  private static String verify(String frame, Session session, long total) {
    try {
      return verifyOrThrow(frame, session, total);
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private static String verifyOrThrow(String frame, Session session, long total) {
    long start = session.getLong("start");
    String epoch = session.getString("epoch");
    var history = Hub.reply(frame, HISTORY_ID);
    if (history == null || !history.has("history")) {
      return "history failed: " + history;
    }
    if (!epoch.equals(history.path("history").path("epoch").asText())) {
      return "epoch changed from " + epoch + " to " + history.path("history").path("epoch");
    }
    List<String> stored = new ArrayList<>();
    history
        .path("history")
        .path("publications")
        .forEach(pub -> stored.add(pub.path("data").path("client_message_id").asText("")));
    if (stored.size() != newMessages(session, total)) {
      return "history holds "
          + stored.size()
          + " new messages, expected "
          + newMessages(session, total);
    }
    String publications =
        Hub.verifyPublications(history.path("history").path("publications"), start, stored);
    if (!publications.equals("ok")) {
      return "history: " + publications;
    }
    return received(session).verify(start, stored);
  }

  /** Opens the socket, connects and subscribes, keeping the position as start and epoch. */
  private ChainBuilder open(String side) {
    return Steps.connect(side, side, timeout, CONNECT_ID, "token")
        .exec(Steps.subscribe(side, timeout, SUBSCRIBE_ID, "start", "epoch"));
  }
}
