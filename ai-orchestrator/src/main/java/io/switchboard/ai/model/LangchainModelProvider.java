package io.switchboard.ai.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import io.switchboard.ai.retrieval.Passage;
import io.switchboard.ai.tools.ToolActions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat model over langchain4j's streaming clients (OpenAI-compatible or Ollama). The clients are
 * asynchronous (their own HTTP threads); every delta and result is handed back to the caller's
 * Vert.x context.
 */
public final class LangchainModelProvider implements ModelProvider {

  /** Most rounds of tool calls before the model must answer. */
  public static final int MAX_TOOL_ROUNDS = 4;

  static final String RULES =
      """
      Answer only from the passages below. If they do not cover the question, say so briefly and \
      hand the conversation to a human. Keep answers short.""";

  private final Vertx vertx;
  private final String provider;
  private final String baseUrl;
  private final String model;
  private final StreamingChatModel chat;

  /**
   * @param provider {@code openai} or {@code ollama}
   * @param apiKey the OpenAI-compatible endpoint's key, or null
   */
  public LangchainModelProvider(
      Vertx vertx, String provider, String baseUrl, String apiKey, String model, Duration timeout) {
    this.vertx = vertx;
    this.provider = provider;
    this.baseUrl = baseUrl;
    this.model = model;
    this.chat =
        "ollama".equals(provider)
            ? OllamaStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .modelName(model)
                .timeout(timeout)
                .build()
            : OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey == null ? "" : apiKey)
                .modelName(model)
                .timeout(timeout)
                .build();
  }

  @Override
  public String key() {
    return provider + "|" + baseUrl + "|" + model;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public Future<ModelReply> reply(ModelRequest request, ToolActions tools, ReplySink sink) {
    Context context = vertx.getOrCreateContext();
    Turn turn = new Turn(context, request, tools, sink);
    return turn.round(0);
  }

  static List<ChatMessage> messages(ModelRequest request) {
    StringBuilder system = new StringBuilder();
    if (request.instructions() != null && !request.instructions().isBlank()) {
      system.append(request.instructions().strip()).append("\n\n");
    }
    system.append(RULES).append("\n\nPassages:");
    for (Passage passage : request.context()) {
      system.append("\n\n## ").append(passage.title()).append('\n').append(passage.text());
    }
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(SystemMessage.from(system.toString()));
    for (ChatTurn turn : request.history()) {
      messages.add(
          "contact".equals(turn.speaker())
              ? UserMessage.from(turn.text())
              : AiMessage.from(turn.text()));
    }
    messages.add(UserMessage.from(request.question()));
    return messages;
  }

  /** One reply: its messages so far, the text streamed and the tokens counted over its rounds. */
  private final class Turn {
    private final Context context;
    private final ModelRequest request;
    private final ToolActions tools;
    private final ReplySink sink;
    private final List<ChatMessage> messages;
    private final StringBuilder text = new StringBuilder();
    private final List<String> toolsCalled = new ArrayList<>();
    private int inputTokens;
    private int outputTokens;

    Turn(Context context, ModelRequest request, ToolActions tools, ReplySink sink) {
      this.context = context;
      this.request = request;
      this.tools = tools;
      this.sink = sink;
      this.messages = messages(request);
    }

    Future<ModelReply> round(int round) {
      return stream(round < MAX_TOOL_ROUNDS && tools != null)
          .compose(
              response -> {
                count(response.tokenUsage(), response.aiMessage());
                AiMessage ai = response.aiMessage();
                if (!ai.hasToolExecutionRequests() || tools == null || round >= MAX_TOOL_ROUNDS) {
                  return Future.succeededFuture(reply(ai));
                }
                messages.add(ai);
                Future<Void> calls = Future.succeededFuture();
                for (var call : ai.toolExecutionRequests()) {
                  calls =
                      calls.compose(
                          v ->
                              ModelTools.execute(tools, call)
                                  .map(
                                      result -> {
                                        toolsCalled.add(call.name());
                                        messages.add(ToolExecutionResultMessage.from(call, result));
                                        return null;
                                      }));
                }
                return calls.compose(v -> round(round + 1));
              });
    }

    private Future<ChatResponse> stream(boolean withTools) {
      Promise<ChatResponse> promise = Promise.promise();
      ChatRequest.Builder chatRequest =
          ChatRequest.builder()
              .messages(List.copyOf(messages))
              .maxOutputTokens(request.maxOutputTokens());
      if (withTools) {
        chatRequest.toolSpecifications(ModelTools.SPECIFICATIONS);
      }
      chat.chat(
          chatRequest.build(),
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              context.runOnContext(
                  v -> {
                    text.append(partial);
                    sink.delta(partial);
                  });
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              context.runOnContext(v -> promise.tryComplete(response));
            }

            @Override
            public void onError(Throwable error) {
              context.runOnContext(v -> promise.tryFail(error));
            }
          });
      return promise.future();
    }

    private void count(TokenUsage usage, AiMessage ai) {
      Integer in = usage == null ? null : usage.inputTokenCount();
      Integer out = usage == null ? null : usage.outputTokenCount();
      inputTokens +=
          in != null ? in : messages.stream().mapToInt(m -> Tokens.estimate(m.toString())).sum();
      outputTokens += out != null ? out : Tokens.estimate(ai.text());
    }

    private ModelReply reply(AiMessage last) {
      String answer = text.length() > 0 ? text.toString() : last.text() == null ? "" : last.text();
      return new ModelReply(
          answer,
          provider,
          model,
          inputTokens,
          outputTokens,
          List.copyOf(toolsCalled),
          tools != null && tools.handedOff());
    }
  }
}
