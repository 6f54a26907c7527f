package dev.devflow.knowledgehub.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devflow.common.llm.JsonChat;
import dev.devflow.common.llm.ModelHttpClient;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.usage.PlanUsage;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reorders a search's best pages by what an OpenAI-compatible chat model (AOSentry) says answers
 * the question best. Off by default. One call per search, counted in {@code
 * devflow_llm_calls_total} with its outcome; a call that fails, times out or answers nonsense
 * leaves the order as it was.
 */
@ApplicationScoped
public class Reranker {

  private static final Logger LOG = Logger.getLogger(Reranker.class);

  /** Characters of a passage shown to the model: enough to judge it, few enough to stay fast. */
  static final int PASSAGE_CHARS = 700;

  private static final String INSTRUCTIONS =
      "You rank documentation passages by how directly they answer a developer's question. The"
          + " page that documents the command, function, setting or procedure asked about ranks"
          + " above pages that only mention it. Answer with JSON only, of the form"
          + " {\"ranking\": [ids, best first]}, listing every passage id once.";

  /** What a rerank did. */
  public record Outcome(List<SearchIndex.Hit> hits, boolean reranked, String notice) {}

  private final KnowledgeHubConfig.Rerank config;
  private final KnowledgeHubConfig.Embeddings endpoint;
  private final MeterRegistry metrics;
  private final PlanUsage usage;
  private final ObjectMapper json = new ObjectMapper();
  private volatile JsonChat chat;

  public Reranker(KnowledgeHubConfig config, MeterRegistry metrics, PlanUsage usage) {
    this.config = config.search().rerank();
    this.endpoint = config.embeddings();
    this.metrics = metrics;
    this.usage = usage;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Pages to fetch for a search of this many results, so the model sees enough of them. */
  public int depth(int limit) {
    return enabled() ? Math.max(limit, Math.min(50, config.candidates())) : limit;
  }

  /** The hits in the model's order (the first {@code candidates}), else as they came. */
  public Outcome rerank(String tenant, String query, List<SearchIndex.Hit> hits) {
    if (!enabled() || hits.size() < 2) {
      return new Outcome(hits, false, null);
    }
    try {
      usage.spendLlmCalls(tenant, 1);
    } catch (ProblemException e) {
      metrics.counter("devflow.llm.calls", "purpose", "rerank", "outcome", "quota").increment();
      return unchanged(hits, "the plan's LLM calls for this month are used up");
    }
    List<SearchIndex.Hit> shown = hits.subList(0, Math.min(hits.size(), config.candidates()));
    String outcome = "error";
    try {
      List<Integer> order = order(chat().ask(INSTRUCTIONS, question(query, shown)), shown.size());
      if (order.isEmpty()) {
        outcome = "unusable";
        return unchanged(hits, "the reranking model's answer could not be read");
      }
      outcome = "ok";
      List<SearchIndex.Hit> out = new ArrayList<>(hits.size());
      order.forEach(i -> out.add(shown.get(i)));
      out.addAll(hits.subList(shown.size(), hits.size()));
      return new Outcome(out, true, null);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        return unchanged(hits, "the search was interrupted while the model reranked it");
      }
      if (timedOut(e)) {
        outcome = "timeout";
        return unchanged(hits, "the reranking model did not answer within " + config.timeout());
      }
      LOG.debugf("Reranking failed: %s", ModelHttpClient.reason(e));
      return unchanged(hits, "the reranking model could not be reached");
    } finally {
      metrics.counter("devflow.llm.calls", "purpose", "rerank", "outcome", outcome).increment();
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.langchain4j.exception.TimeoutException
          || t instanceof java.net.http.HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static Outcome unchanged(List<SearchIndex.Hit> hits, String why) {
    return new Outcome(hits, false, "Results are in their own order: " + why + ".");
  }

  private static String question(String query, List<SearchIndex.Hit> shown) {
    StringBuilder user = new StringBuilder("Question: ").append(query).append("\n\nPassages:\n");
    for (int i = 0; i < shown.size(); i++) {
      SearchIndex.Hit h = shown.get(i);
      String text =
          h.text().length() > PASSAGE_CHARS ? h.text().substring(0, PASSAGE_CHARS) : h.text();
      user.append("\n[").append(i + 1).append("] ").append(h.title());
      if (!h.headingPath().isBlank() && !h.headingPath().equals(h.title())) {
        user.append(" › ").append(h.headingPath());
      }
      user.append('\n').append(text.strip()).append('\n');
    }
    return user.toString();
  }

  /**
   * The model's order as indexes into the shown hits: ids it names, once each, then the ones it
   * left out in their own order. Empty when its answer names none of them.
   */
  List<Integer> order(String content, int shown) {
    if (content == null) {
      return List.of();
    }
    int start = content.indexOf('{');
    int end = content.lastIndexOf('}');
    if (start < 0 || end < start) {
      return List.of();
    }
    Set<Integer> order = new LinkedHashSet<>();
    try {
      JsonNode ranking = json.readTree(content.substring(start, end + 1)).path("ranking");
      for (JsonNode id : ranking) {
        int i = id.asInt(0) - 1;
        if (id.canConvertToInt() && i >= 0 && i < shown) {
          order.add(i);
        }
      }
    } catch (java.io.IOException e) {
      return List.of();
    }
    if (order.isEmpty()) {
      return List.of();
    }
    for (int i = 0; i < shown; i++) {
      order.add(i);
    }
    return new ArrayList<>(order);
  }

  private JsonChat chat() {
    if (chat == null) {
      chat =
          new JsonChat(
              config.baseUrl().orElse(endpoint.baseUrl()),
              config.apiKey().or(endpoint::apiKey),
              config.model(),
              200,
              Duration.ofMillis(Math.max(100, config.timeout().toMillis())),
              ModelHttpClient.Retry.NONE);
    }
    return chat;
  }
}
