package io.switchboard.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A REST mix on crud-api, as the OpenAPI document (platform/.../openapi/switchboard.yaml) defines
 * it. Three kinds of users loop for {@code duration}:
 *
 * <ul>
 *   <li>agents (60 %): who am I, list their inbox's conversations (and the next page), create a
 *       contact and read it back, open a conversation, append a message and the same {@code
 *       client_message_id} again (200, the same message), a private note, list the messages (two),
 *       read the conversation, change it with its {@code If-Match} version (assign to self,
 *       pending) and again with the stale one (412), open a ticket on it and change it with {@code
 *       If-Match}, list tickets, canned responses and articles;
 *   <li>customers (30 %): their conversations (exactly their own), append a message, list the
 *       messages (no private notes), published articles, another id (404);
 *   <li>supervisors (10 %): create a canned response and change it with {@code If-Match}, write an
 *       article and publish it with {@code If-Match}, list users and the inbox's members.
 * </ul>
 *
 * <p>Every request checks its status and the fields it depends on. Properties: {@code baseUrl},
 * {@code users} (30, split 6:3:1), {@code ramp} (s, 10), {@code duration} (s each user loops, 30),
 * {@code thinkMs} (pause between rounds, 200), {@code p99Ms} (1000), {@code minOkPercent} (100);
 * tokens as in {@link Tokens}.
 */
public class ApiSimulation extends Simulation {

  private final int users = Env.integer("users", 30);
  private final int agents = Math.max(1, users * 6 / 10);
  private final int customers = Math.max(1, users * 3 / 10);
  private final int supervisors = Math.max(1, users - agents - customers);
  private final Duration ramp = Env.seconds("ramp", 10);
  private final Duration duration = Env.seconds("duration", 30);
  private final Duration think = Env.millis("thinkMs", 200);

  private final Tokens tokens = Tokens.fromSystemProperties();
  private final Feed agentFeed = new Feed();
  private final Feed customerFeed = new Feed();
  private final Feed supervisorFeed = new Feed();

  @Override
  public void before() {
    Seed seed = new Seed(tokens);
    String inbox = seed.inbox("Gatling API");
    for (int a = 0; a < agents; a++) {
      String agent = "api-agent-" + a;
      String row = seed.agent(agent, inbox);
      agentFeed.add(Map.of("token", tokens.token(agent, "agent"), "inbox", inbox, "userRow", row));
    }
    for (int c = 0; c < customers; c++) {
      String customer = "api-customer-" + c;
      String conversation = seed.conversation(inbox, seed.contact(customer));
      customerFeed.add(
          Map.of("token", tokens.token(customer, "customer"), "conversation", conversation));
    }
    for (int s = 0; s < supervisors; s++) {
      String supervisor = "api-supervisor-" + s;
      seed.user(supervisor, "supervisor");
      supervisorFeed.add(Map.of("token", tokens.token(supervisor, "supervisor"), "inbox", inbox));
    }
    System.out.printf(
        "ApiSimulation: tenant %s, %d agents, %d customers, %d supervisors%n",
        tokens.tenant(), agents, customers, supervisors);
  }

  {
    HttpProtocolBuilder protocol =
        http.baseUrl(Env.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .authorizationHeader("Bearer #{token}");

    ScenarioBuilder agent =
        scenario("Agent")
            .exec(feed(agentFeed))
            .during(duration, "round", false)
            .on(exec(agentRound()).pause(think));
    ScenarioBuilder customer =
        scenario("Customer")
            .exec(feed(customerFeed))
            .during(duration, "round", false)
            .on(exec(customerRound()).pause(think));
    ScenarioBuilder supervisor =
        scenario("Supervisor")
            .exec(feed(supervisorFeed))
            .during(duration, "round", false)
            .on(exec(supervisorRound()).pause(think));

    setUp(
            agent.injectOpen(rampUsers(agents).during(ramp)),
            customer.injectOpen(rampUsers(customers).during(ramp)),
            supervisor.injectOpen(rampUsers(supervisors).during(ramp)))
        .protocols(protocol)
        .maxDuration(ramp.plus(duration).plusSeconds(120))
        .assertions(
            global().responseTime().percentile(99.0).lt(Env.p99Ms(1000)),
            global().successfulRequests().percent().gte(Env.minOkPercent(100)),
            details("agent PATCH conversation (stale If-Match → 412)")
                .failedRequests()
                .count()
                .is(0L),
            details("agent POST message again (same client_message_id → 200)")
                .failedRequests()
                .count()
                .is(0L));
  }

  private static ChainBuilder agentRound() {
    return exec(session ->
            session.set("key", UUID.randomUUID().toString().substring(0, 13).replace("-", "")))
        .exec(http("agent GET me").get("/api/v1/me").check(status().is(200)))
        .exec(
            http("agent GET conversations")
                .get("/api/v1/conversations?limit=10&sort=desc&inbox_id=#{inbox}")
                .check(
                    status().is(200),
                    jsonPath("$.items").exists(),
                    jsonPath("$.next_cursor").optional().saveAs("cursor")))
        .doIf(session -> session.contains("cursor") && session.getString("cursor") != null)
        .then(
            exec(http("agent GET conversations (next page)")
                    .get("/api/v1/conversations")
                    .queryParam("limit", 10)
                    .queryParam("sort", "desc")
                    .queryParam("inbox_id", "#{inbox}")
                    .queryParam("cursor", "#{cursor}")
                    .check(status().is(200), jsonPath("$.items").exists()))
                .exec(session -> session.remove("cursor")))
        .exec(
            http("agent POST contact")
                .post("/api/v1/contacts")
                .body(
                    StringBody(
                        "{\"name\":\"Load #{key}\",\"external_id\":\"api-contact-#{key}\","
                            + "\"email\":\"#{key}@example.test\"}"))
                .check(
                    status().is(201), header("ETag").exists(), jsonPath("$.id").saveAs("contact")))
        .exec(
            http("agent GET contact")
                .get("/api/v1/contacts/#{contact}")
                .check(status().is(200), jsonPath("$.external_id").isEL("api-contact-#{key}")))
        .exec(
            http("agent POST conversation")
                .post("/api/v1/conversations")
                .body(
                    StringBody(
                        "{\"inbox_id\":\"#{inbox}\",\"contact_id\":\"#{contact}\","
                            + "\"channel\":\"chat\",\"priority\":\"medium\","
                            + "\"labels\":[\"load\"]}"))
                .check(
                    status().is(201),
                    jsonPath("$.status").is("open"),
                    jsonPath("$.id").saveAs("conversation")))
        .exec(
            http("agent POST message")
                .post("/api/v1/conversations/#{conversation}/messages")
                .body(
                    StringBody(
                        "{\"body\":\"Hello, how can I help?\",\"client_message_id\":\"m-#{key}\"}"))
                .check(
                    status().is(201),
                    jsonPath("$.offset").ofInt().is(1),
                    jsonPath("$.id").saveAs("message")))
        .exec(
            http("agent POST message again (same client_message_id → 200)")
                .post("/api/v1/conversations/#{conversation}/messages")
                .body(
                    StringBody(
                        "{\"body\":\"Hello, how can I help?\",\"client_message_id\":\"m-#{key}\"}"))
                .check(status().is(200), jsonPath("$.id").isEL("#{message}")))
        .exec(
            http("agent POST private note")
                .post("/api/v1/conversations/#{conversation}/messages")
                .body(StringBody("{\"body\":\"VIP customer\",\"private\":true}"))
                .check(status().is(201), jsonPath("$.offset").ofInt().is(2)))
        .exec(
            http("agent GET messages")
                .get("/api/v1/conversations/#{conversation}/messages?after_offset=0&limit=50")
                .check(status().is(200), jmesPath("length(items)").ofInt().is(2)))
        .exec(
            http("agent GET conversation")
                .get("/api/v1/conversations/#{conversation}")
                .check(
                    status().is(200),
                    jsonPath("$.last_offset").ofInt().is(2),
                    header("ETag").saveAs("etag")))
        .exec(
            http("agent PATCH conversation (If-Match)")
                .patch("/api/v1/conversations/#{conversation}")
                .header("If-Match", "#{etag}")
                .body(
                    StringBody(
                        "{\"status\":\"pending\",\"assignee_id\":\"#{userRow}\","
                            + "\"labels\":[\"load\",\"billing\"]}"))
                .check(
                    status().is(200),
                    jsonPath("$.status").is("pending"),
                    jsonPath("$.assignee_id").isEL("#{userRow}"),
                    header("ETag").not(session -> session.getString("etag"))))
        .exec(
            http("agent PATCH conversation (stale If-Match → 412)")
                .patch("/api/v1/conversations/#{conversation}")
                .header("If-Match", "#{etag}")
                .body(StringBody("{\"status\":\"resolved\"}"))
                .check(
                    status().is(412),
                    header("Content-Type")
                        .transform(type -> type.startsWith("application/problem+json"))
                        .is(true),
                    jsonPath("$.status").ofInt().is(412)))
        .exec(
            http("agent POST ticket")
                .post("/api/v1/tickets")
                .body(
                    StringBody(
                        "{\"subject\":\"Refund #{key}\",\"priority\":\"high\","
                            + "\"conversation_id\":\"#{conversation}\","
                            + "\"assignee_id\":\"#{userRow}\"}"))
                .check(
                    status().is(201),
                    jsonPath("$.id").saveAs("ticket"),
                    header("ETag").saveAs("ticketEtag")))
        .exec(
            http("agent PATCH ticket (If-Match)")
                .patch("/api/v1/tickets/#{ticket}")
                .header("If-Match", "#{ticketEtag}")
                .body(StringBody("{\"status\":\"pending\"}"))
                .check(status().is(200), jsonPath("$.status").is("pending")))
        .exec(
            http("agent GET tickets")
                .get("/api/v1/tickets?limit=25&status=pending")
                .check(status().is(200), jsonPath("$.items").exists()))
        .exec(
            http("agent GET canned responses")
                .get("/api/v1/canned-responses?limit=25")
                .check(status().is(200), jsonPath("$.items").exists()))
        .exec(
            http("agent GET kb articles")
                .get("/api/v1/kb-articles?limit=25")
                .check(status().is(200), jsonPath("$.items").exists()));
  }

  private static ChainBuilder customerRound() {
    return exec(session -> session.set("key", UUID.randomUUID().toString()))
        .exec(http("customer GET me").get("/api/v1/me").check(status().is(200)))
        .exec(
            http("customer GET conversations")
                .get("/api/v1/conversations?limit=25")
                .check(
                    status().is(200),
                    jmesPath("length(items)").ofInt().is(1),
                    jsonPath("$.items[0].id").isEL("#{conversation}")))
        .exec(
            http("customer POST message")
                .post("/api/v1/conversations/#{conversation}/messages")
                .body(StringBody("{\"body\":\"Any news?\",\"client_message_id\":\"#{key}\"}"))
                .check(
                    status().is(201),
                    jsonPath("$.author_kind").is("contact"),
                    jsonPath("$.offset").ofInt().saveAs("offset")))
        .exec(
            http("customer GET messages")
                .get("/api/v1/conversations/#{conversation}/messages")
                .queryParam("after_offset", session -> Math.max(0, session.getInt("offset") - 5))
                .queryParam("limit", 50)
                .check(
                    status().is(200),
                    jmesPath("length(items[?private])").ofInt().is(0),
                    jsonPath("$.items[-1:].client_message_id").isEL("#{key}")))
        .exec(
            http("customer GET kb articles")
                .get("/api/v1/kb-articles?limit=10")
                .check(status().is(200), jmesPath("length(items[?!published])").ofInt().is(0)))
        .exec(
            http("customer GET another conversation (→ 404)")
                .get("/api/v1/conversations/" + UUID.randomUUID())
                .check(status().is(404)));
  }

  private static ChainBuilder supervisorRound() {
    return exec(session -> {
          Map<String, Object> keys = new HashMap<>();
          keys.put("key", UUID.randomUUID().toString().replace("-", "").substring(0, 16));
          return session.setAll(keys);
        })
        .exec(
            http("supervisor POST canned response")
                .post("/api/v1/canned-responses")
                .body(StringBody("{\"short_code\":\"hi-#{key}\",\"content\":\"Hi there!\"}"))
                .check(
                    status().is(201),
                    jsonPath("$.id").saveAs("canned"),
                    header("ETag").saveAs("cannedEtag")))
        .exec(
            http("supervisor PATCH canned response (If-Match)")
                .patch("/api/v1/canned-responses/#{canned}")
                .header("If-Match", "#{cannedEtag}")
                .body(StringBody("{\"content\":\"Hi there, thanks for waiting!\"}"))
                .check(status().is(200), jsonPath("$.content").is("Hi there, thanks for waiting!")))
        .exec(
            http("supervisor POST kb article")
                .post("/api/v1/kb-articles")
                .body(
                    StringBody(
                        "{\"title\":\"How to #{key}\",\"body\":\"Step one, step two.\","
                            + "\"tags\":[\"howto\"],\"locale\":\"en\"}"))
                .check(
                    status().is(201),
                    jsonPath("$.published").ofBoolean().is(false),
                    jsonPath("$.id").saveAs("article"),
                    header("ETag").saveAs("articleEtag")))
        .exec(
            http("supervisor PATCH kb article (publish, If-Match)")
                .patch("/api/v1/kb-articles/#{article}")
                .header("If-Match", "#{articleEtag}")
                .body(StringBody("{\"published\":true}"))
                .check(status().is(200), jsonPath("$.published").ofBoolean().is(true)))
        .exec(
            http("supervisor GET users")
                .get("/api/v1/users?limit=50")
                .check(status().is(200), jsonPath("$.items").exists()))
        .exec(
            http("supervisor GET inbox members")
                .get("/api/v1/inboxes/#{inbox}/members")
                .check(status().is(200), jsonPath("$.items").exists()));
  }
}
