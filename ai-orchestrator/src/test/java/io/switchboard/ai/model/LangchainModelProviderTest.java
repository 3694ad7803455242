package io.switchboard.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.MovableClock;
import io.switchboard.ai.retrieval.Passage;
import io.switchboard.ai.safety.PiiMasker;
import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.config.AiConfig;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chat models over a real OpenAI-compatible HTTP server, through langchain4j")
class LangchainModelProviderTest {

  private static final AiConfig CONFIG =
      new AiConfig(2, 10, 800, 0.5, 10, 12_000, 120, 60_000, 2_000, 1, 3, 1_000);

  private Vertx vertx;
  private HttpServer server;
  private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  private final Deque<Consumer<HttpServerRequest>> answers = new ArrayDeque<>();
  private ModelProviders providers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              bodies.add(body.toJsonObject());
                              Consumer<HttpServerRequest> answer;
                              synchronized (answers) {
                                answer = answers.poll();
                              }
                              if (answer != null) {
                                answer.accept(request);
                              }
                            }))
            .listen(0)
            .await();
    providers = new ModelProviders(vertx, CONFIG);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void answer(Consumer<HttpServerRequest> answer) {
    synchronized (answers) {
      answers.add(answer);
    }
  }

  private static JsonObject chunk(JsonObject delta, String finish) {
    return new JsonObject()
        .put("id", "c1")
        .put("object", "chat.completion.chunk")
        .put("created", 1)
        .put("model", "m")
        .put(
            "choices",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("index", 0)
                        .put("delta", delta)
                        .put("finish_reason", finish)));
  }

  private static Consumer<HttpServerRequest> sse(List<JsonObject> chunks) {
    return request -> {
      var response =
          request.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (JsonObject chunk : chunks) {
        response.write("data: " + chunk.encode() + "\n\n");
      }
      response.end("data: [DONE]\n\n");
    };
  }

  private static Consumer<HttpServerRequest> text(String... parts) {
    List<JsonObject> chunks = new java.util.ArrayList<>();
    for (String part : parts) {
      chunks.add(chunk(new JsonObject().put("role", "assistant").put("content", part), null));
    }
    chunks.add(
        chunk(new JsonObject(), "stop")
            .put(
                "usage",
                new JsonObject()
                    .put("prompt_tokens", 42)
                    .put("completion_tokens", 7)
                    .put("total_tokens", 49)));
    return sse(chunks);
  }

  private ModelProvider provider() {
    return providers
        .of(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("provider", "openai")
                        .put("base_url", "http://127.0.0.1:" + server.actualPort() + "/v1")
                        .put("api_key", "test-key")
                        .put("model", "m")))
        .get(0);
  }

  private static ModelRequest request(String question) {
    return new ModelRequest(
        "You are Acme's assistant.",
        List.of(new ChatTurn("contact", "hi"), new ChatTurn("bot", "Hello!")),
        question,
        List.of(new Passage("a1", "Shipping", "Parcels arrive in 3 days.", 0.8)),
        100);
  }

  @Test
  @DisplayName("deltas arrive in order and the whole reply matches, with the server's token counts")
  void streams() {
    answer(text("Parcels ", "arrive in ", "3 days."));
    List<String> deltas = new CopyOnWriteArrayList<>();
    ModelReply reply = provider().reply(request("when?"), null, deltas::add).await();
    assertThat(deltas).containsExactly("Parcels ", "arrive in ", "3 days.");
    assertThat(reply.text()).isEqualTo("Parcels arrive in 3 days.");
    assertThat(reply.inputTokens()).isEqualTo(42);
    assertThat(reply.outputTokens()).isEqualTo(7);
    assertThat(reply.handoff()).isFalse();

    JsonObject body = bodies.get(0);
    assertThat(body.getBoolean("stream")).isTrue();
    JsonArray messages = body.getJsonArray("messages");
    assertThat(messages.getJsonObject(0).getString("role")).isEqualTo("system");
    assertThat(messages.getJsonObject(0).getString("content"))
        .contains("You are Acme's assistant.", "Shipping", "Parcels arrive in 3 days.");
    assertThat(messages.getJsonObject(1).getString("role")).isEqualTo("user");
    assertThat(messages.getJsonObject(2).getString("role")).isEqualTo("assistant");
    assertThat(messages.getJsonObject(3).getString("content")).isEqualTo("when?");
  }

  @Test
  @DisplayName(
      "a tool call runs through the conversation's actions and its result goes back to the model")
  void toolRoundTrip() {
    answer(
        sse(
            List.of(
                chunk(
                    new JsonObject()
                        .put("role", "assistant")
                        .put(
                            "tool_calls",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("index", 0)
                                        .put("id", "call_1")
                                        .put("type", "function")
                                        .put(
                                            "function",
                                            new JsonObject()
                                                .put("name", "hand_off")
                                                .put("arguments", "")))),
                    null),
                chunk(
                    new JsonObject()
                        .put(
                            "tool_calls",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("index", 0)
                                        .put(
                                            "function",
                                            new JsonObject()
                                                .put(
                                                    "arguments",
                                                    "{\"reason\":\"asked for a human\"}")))),
                    null),
                chunk(new JsonObject(), "tool_calls"))));
    answer(text("A colleague will take over."));
    Recorder tools = new Recorder();
    ModelReply reply = provider().reply(request("a human please"), tools, d -> {}).await();
    assertThat(tools.calls).containsExactly("hand_off:asked for a human");
    assertThat(reply.handoff()).isTrue();
    assertThat(reply.toolsCalled()).containsExactly("hand_off");
    assertThat(reply.text()).isEqualTo("A colleague will take over.");
    assertThat(bodies.get(0).getJsonArray("tools")).hasSize(5);
    JsonArray second = bodies.get(1).getJsonArray("messages");
    JsonObject result = second.getJsonObject(second.size() - 1);
    assertThat(result.getString("role")).isEqualTo("tool");
    assertThat(result.getString("tool_call_id")).isEqualTo("call_1");
    assertThat(result.getString("content")).contains("handed");
  }

  @Test
  @DisplayName("personal data the caller masks never reaches the server")
  void masked() {
    answer(text("ok"));
    provider()
        .reply(request(PiiMasker.mask("I am jane@example.com, call +49 30 1234567")), null, d -> {})
        .await();
    String sent = bodies.get(0).encode();
    assertThat(sent).contains("[email]", "[phone]").doesNotContain("jane@example.com", "1234567");
  }

  @Test
  @DisplayName(
      "a 500 is retried, then the secondary answers; a silent server times out to the next")
  void fallback() {
    answer(r -> r.response().setStatusCode(500).end("{\"error\":{\"message\":\"boom\"}}"));
    answer(r -> r.response().setStatusCode(500).end("{\"error\":{\"message\":\"boom\"}}"));
    answer(text("from the secondary"));
    ModelProvider primary = provider();
    ModelProvider secondary =
        providers
            .of(
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("provider", "openai")
                            .put("base_url", "http://127.0.0.1:" + server.actualPort() + "/v2")
                            .put("model", "m")))
            .get(0);
    ModelChain chain = new ModelChain(vertx, CONFIG);
    ModelReply reply =
        chain.reply(List.of(primary, secondary), request("q"), null, d -> {}).await();
    assertThat(reply.text()).isEqualTo("from the secondary");
    assertThat(bodies).hasSize(3);

    answer(r -> {}); // never answers
    answer(text("after the timeout"));
    ModelChain noRetry =
        new ModelChain(
            vertx, new AiConfig(2, 10, 800, 0.5, 10, 12_000, 120, 60_000, 500, 0, 3, 1_000));
    assertThat(
            noRetry.reply(List.of(primary, secondary), request("q"), null, d -> {}).await().text())
        .isEqualTo("after the timeout");
  }

  @Test
  @DisplayName("a provider failing over HTTP opens its circuit: no request reaches it until reset")
  void circuitOverHttp() {
    MovableClock clock = new MovableClock(1_000_000);
    // No retries, the circuit opens after two failures and stays open for a second.
    ModelChain chain =
        new ModelChain(
            vertx,
            new AiConfig(2, 10, 800, 0.5, 10, 12_000, 120, 60_000, 2_000, 0, 2, 1_000),
            clock);
    ModelProvider primary = provider();
    for (int i = 0; i < 2; i++) {
      answer(r -> r.response().setStatusCode(500).end("{\"error\":{\"message\":\"boom\"}}"));
      assertThat(
              chain
                  .reply(List.of(primary), request("q"), null, d -> {})
                  .transform(done -> Future.succeededFuture(done.cause()))
                  .await())
          .isInstanceOf(Unavailable.class);
    }
    assertThat(bodies).hasSize(2);
    assertThat(chain.isOpen(primary.key())).isTrue();
    // Open: refused at once, the server sees nothing.
    assertThat(
            chain
                .reply(List.of(primary), request("q"), null, d -> {})
                .transform(done -> Future.succeededFuture(done.cause()))
                .await())
        .isInstanceOf(Unavailable.class);
    assertThat(bodies).hasSize(2);
    // After the reset one trial goes through; it answers, so the circuit closes.
    clock.add(1_001);
    answer(text("back again"));
    assertThat(chain.reply(List.of(primary), request("q"), null, d -> {}).await().text())
        .isEqualTo("back again");
    assertThat(bodies).hasSize(3);
    assertThat(chain.isOpen(primary.key())).isFalse();
  }

  @Test
  @DisplayName("an Ollama model streams its reply over Ollama's own chat API")
  void ollama() {
    answer(
        r -> {
          var response =
              r.response().setChunked(true).putHeader("content-type", "application/x-ndjson");
          for (String part : List.of("Parcels ", "arrive in ", "3 days.")) {
            response.write(
                new JsonObject()
                        .put("model", "llama3")
                        .put("created_at", "2026-12-04T12:00:00Z")
                        .put(
                            "message",
                            new JsonObject().put("role", "assistant").put("content", part))
                        .put("done", false)
                        .encode()
                    + "\n");
          }
          response.end(
              new JsonObject()
                      .put("model", "llama3")
                      .put("created_at", "2026-12-04T12:00:01Z")
                      .put("message", new JsonObject().put("role", "assistant").put("content", ""))
                      .put("done", true)
                      .put("done_reason", "stop")
                      .put("prompt_eval_count", 31)
                      .put("eval_count", 6)
                      .encode()
                  + "\n");
        });
    ModelProvider ollama =
        providers
            .of(
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("provider", "ollama")
                            .put("base_url", "http://127.0.0.1:" + server.actualPort())
                            .put("model", "llama3")))
            .get(0);
    List<String> deltas = new CopyOnWriteArrayList<>();
    ModelReply reply =
        new ModelChain(vertx, CONFIG)
            .reply(List.of(ollama), request("When does my parcel arrive?"), null, deltas::add)
            .await();
    assertThat(String.join("", deltas)).isEqualTo("Parcels arrive in 3 days.");
    assertThat(reply.text()).isEqualTo("Parcels arrive in 3 days.");
    assertThat(reply.provider()).isEqualTo("ollama");
    assertThat(reply.outputTokens()).isEqualTo(6);
    assertThat(bodies.get(0).getString("model")).isEqualTo("llama3");
    assertThat(bodies.get(0).getJsonArray("messages").encode())
        .contains("When does my parcel arrive?");
  }

  @Test
  @DisplayName("invalid model entries are skipped; the same entry gives the same provider")
  void entries() {
    JsonObject good =
        new JsonObject()
            .put("provider", "ollama")
            .put("base_url", "http://127.0.0.1:11434")
            .put("model", "llama3");
    JsonArray models =
        new JsonArray()
            .add("text")
            .add(good.copy().put("provider", "other"))
            .add(good.copy().put("model", " "))
            .add(good.copy().put("base_url", "ftp://x"))
            .add(good.copy().put("timeout_ms", -1))
            .add(good.copy().put("api_key", 5))
            .add(good);
    List<ModelProvider> built = providers.of(models);
    assertThat(built).hasSize(1);
    assertThat(built.get(0).provider()).isEqualTo("ollama");
    assertThat(providers.of(new JsonArray().add(good)).get(0)).isSameAs(built.get(0));
    assertThat(providers.of(null)).isEmpty();
  }

  /** The model's actions, recorded. */
  private static final class Recorder implements ToolActions {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean handedOff;

    @Override
    public Future<JsonObject> lookupContact() {
      calls.add("lookup_contact");
      return Future.succeededFuture(new JsonObject().put("name", "Jane"));
    }

    @Override
    public Future<JsonObject> createTicket(String subject, String priority) {
      calls.add("create_ticket:" + subject + ":" + priority);
      return Future.succeededFuture(new JsonObject().put("id", "t1"));
    }

    @Override
    public Future<JsonObject> addLabel(String label) {
      return Future.failedFuture(Invalid.field("label", "must not be blank"));
    }

    @Override
    public Future<JsonObject> setPriority(String priority) {
      return Future.failedFuture(
          Invalid.field("priority", "must be one of low, medium, high, urgent"));
    }

    @Override
    public Future<JsonObject> handOff(String reason) {
      calls.add("hand_off:" + reason);
      handedOff = true;
      return Future.succeededFuture(new JsonObject().put("handed", true));
    }

    @Override
    public boolean handedOff() {
      return handedOff;
    }
  }
}
