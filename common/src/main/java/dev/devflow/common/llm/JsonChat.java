package dev.devflow.common.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Optional;

/**
 * A deterministic chat with an OpenAI-compatible model that answers in JSON (the Guardian's
 * judgements, search reranking), through LangChain4j's OpenAI client and {@link ModelHttpClient}.
 */
public final class JsonChat {

  private final ChatModel model;

  /**
   * @param maxTokens the answer's length limit, or null for the model's own
   * @param timeout how long one call may take, connection included
   */
  public JsonChat(
      String baseUrl,
      Optional<String> apiKey,
      String modelName,
      Integer maxTokens,
      Duration timeout,
      ModelHttpClient.Retry retry) {
    this.model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey.filter(k -> !k.isBlank()).orElse(null))
            .modelName(modelName)
            .temperature(0.0)
            .maxTokens(maxTokens)
            .responseFormat(ResponseFormat.JSON)
            .timeout(timeout)
            .maxRetries(0)
            .httpClientBuilder(ModelHttpClient.builder(retry))
            .build();
  }

  /** The model's answer (its text, which it was asked to make a JSON object). */
  public String ask(String system, String user) {
    return model.chat(SystemMessage.from(system), UserMessage.from(user)).aiMessage().text();
  }
}
