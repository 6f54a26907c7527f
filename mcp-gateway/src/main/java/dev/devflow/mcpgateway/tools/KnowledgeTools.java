package dev.devflow.mcpgateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devflow.mcpgateway.access.CallerAuthorization;
import dev.devflow.mcpgateway.knowledge.KnowledgeHubClient;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The knowledge base as MCP tools: search, code examples, sources, documents and crawls. */
@ApplicationScoped
@ToolCallLogged
public class KnowledgeTools {

  static final String SERVICE = "knowledge-hub";
  static final String UUID = "^[0-9a-fA-F-]{36}$";

  private final KnowledgeHubClient hub;
  private final CallerAuthorization caller;
  private final PageReader pages;

  public KnowledgeTools(KnowledgeHubClient hub, CallerAuthorization caller, PageReader pages) {
    this.hub = hub;
    this.caller = caller;
    this.pages = pages;
  }

  @Tool(
      name = "search_knowledge",
      description =
          "Search the team's knowledge base (crawled documentation sites and uploaded files) for"
              + " passages answering a question, best first. Use it before guessing how something"
              + " in this project works. Returns one result per page (its best passage, with the"
              + " page's other matching passages), with title, heading path and URL; set"
              + " returnPages=true to get the whole pages the best hits come from instead.",
      annotations =
          @Tool.Annotations(
              title = "Search knowledge",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> searchKnowledge(
      @ToolArg(description = "What to look for, in natural language or keywords (1-1000 chars).")
          @Size(min = 1, max = 1000)
          String query,
      @ToolArg(description = "Only search these sources (ids from list_sources).", required = false)
          @Size(max = 20)
          List<@Pattern(regexp = UUID) String> sourceIds,
      @ToolArg(description = "Only search sources carrying any of these tags.", required = false)
          @Size(max = 20)
          List<String> tags,
      @ToolArg(
              description = "hybrid (default: keywords and meaning), semantic or keyword.",
              required = false)
          @Pattern(regexp = "hybrid|semantic|keyword")
          String mode,
      @ToolArg(description = "How many passages to return, 1-20.", defaultValue = "5")
          @Min(1)
          @Max(20)
          int limit,
      @ToolArg(
              description =
                  "Return the whole pages of the best hits (at most 3) instead of passages.",
              defaultValue = "false")
          boolean returnPages) {
    String auth = caller.header();
    return hub.search(auth, query, mode, sourceIds, tags, limit)
        .chain(
            result ->
                returnPages
                    ? pages.wholePages(auth, result)
                    : Uni.createFrom().item(SearchReplies.passages(result)))
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  @Tool(
      name = "search_code_examples",
      description =
          "Search code examples extracted from the knowledge base (code blocks with their"
              + " language and the text around them). Use it to find how an API or command is"
              + " used in this team's documentation.",
      annotations =
          @Tool.Annotations(
              title = "Search code examples",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> searchCodeExamples(
      @ToolArg(description = "What the code should do or contain (1-1000 chars).")
          @Size(min = 1, max = 1000)
          String query,
      @ToolArg(description = "Only this language, e.g. java, python, bash.", required = false)
          @Size(max = 50)
          String language,
      @ToolArg(description = "Only these sources (ids from list_sources).", required = false)
          @Size(max = 20)
          List<@Pattern(regexp = UUID) String> sourceIds,
      @ToolArg(description = "How many examples to return, 1-20.", defaultValue = "5")
          @Min(1)
          @Max(20)
          int limit) {
    return hub.codeExamples(caller.header(), query, language, sourceIds, limit)
        .map(SearchReplies::codeExamples)
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  @Tool(
      name = "list_sources",
      description =
          "List the knowledge sources (documentation sites and upload collections) with their"
              + " status, page and chunk counts and last crawl. Use the ids to filter searches.",
      annotations =
          @Tool.Annotations(
              title = "List knowledge sources",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> listSources(
      @ToolArg(description = "Only sources with this tag.", required = false) @Size(max = 50)
          String tag) {
    return hub.sources(caller.header(), tag)
        .map(list -> Replies.json(list.size() + " knowledge source(s).", list))
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  @Tool(
      name = "read_document",
      description =
          "Read a stored page or file of the knowledge base: by documentId, or by its url (with"
              + " sourceId when several sources hold that URL). Long documents come in windows:"
              + " pass offset to continue where the previous answer stopped.",
      annotations =
          @Tool.Annotations(
              title = "Read a document",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> readDocument(
      @ToolArg(description = "The document's id.", required = false) @Min(1) Long documentId,
      @ToolArg(description = "The document's URL, as search results show it.", required = false)
          @Size(max = 2000)
          String url,
      @ToolArg(description = "The source holding the URL.", required = false)
          @Pattern(regexp = UUID)
          String sourceId,
      @ToolArg(description = "Character offset to start reading at.", defaultValue = "0") @Min(0)
          int offset,
      @ToolArg(description = "Characters to return, 500-100000.", defaultValue = "20000")
          @Min(500)
          @Max(100_000)
          int maxChars) {
    if (documentId == null && (url == null || url.isBlank())) {
      return Uni.createFrom()
          .item(ToolResponse.error("Pass documentId, or url (and sourceId if needed)."));
    }
    return pages
        .read(caller.header(), documentId, url, sourceId, offset, maxChars)
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  @Tool(
      name = "add_source",
      description =
          "Add a documentation site to the knowledge base and start crawling it (llms.txt,"
              + " sitemaps, then links within the site). Returns at once with the source id; use"
              + " get_crawl_progress to follow the crawl.",
      annotations =
          @Tool.Annotations(
              title = "Add a knowledge source",
              readOnlyHint = false,
              destructiveHint = false,
              idempotentHint = false,
              openWorldHint = true))
  public Uni<ToolResponse> addSource(
      @ToolArg(description = "A name people will recognise (1-200 chars).")
          @Size(min = 1, max = 200)
          String name,
      @ToolArg(description = "The start URL, http or https.")
          @Size(max = 2000)
          @Pattern(regexp = "^https?://.+")
          String url,
      @ToolArg(description = "Tags, lowercase (e.g. backend, runbooks).", required = false)
          @Size(max = 20)
          List<@Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,49}") String> tags,
      @ToolArg(description = "Links to follow from the start page, 0-10.", defaultValue = "3")
          @Min(0)
          @Max(10)
          int maxDepth,
      @ToolArg(description = "Pages to fetch at most, 1-100000.", defaultValue = "1000")
          @Min(1)
          @Max(100_000)
          int maxPages) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("name", name).put("url", url).put("maxDepth", maxDepth).put("maxPages", maxPages);
    if (tags != null) {
      tags.forEach(body.putArray("tags")::add);
    }
    return hub.createSource(caller.header(), body)
        .map(
            source ->
                Replies.json(
                    "Crawl started for source "
                        + Replies.text(source, "id")
                        + "; call get_crawl_progress with this sourceId to follow it.",
                    source))
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  @Tool(
      name = "get_crawl_progress",
      description =
          "Show how far a source's crawl or upload has got: status (queued, running, done,"
              + " failed, cancelled), pages found, fetched, chunked and embedded, and errors.",
      annotations =
          @Tool.Annotations(
              title = "Crawl progress",
              readOnlyHint = true,
              destructiveHint = false,
              idempotentHint = true,
              openWorldHint = false))
  public Uni<ToolResponse> getCrawlProgress(
      @ToolArg(description = "The source whose latest job to show.", required = false)
          @Pattern(regexp = UUID)
          String sourceId,
      @ToolArg(description = "A specific job id instead.", required = false) @Pattern(regexp = UUID)
          String jobId) {
    if (sourceId == null && jobId == null) {
      return Uni.createFrom().item(ToolResponse.error("Pass sourceId (or jobId)."));
    }
    String auth = caller.header();
    Uni<JsonNode> job =
        jobId != null
            ? hub.job(auth, jobId)
            : hub.source(auth, sourceId).map(KnowledgeTools::latestJobWithErrors);
    return job.map(KnowledgeTools::progress)
        .onFailure()
        .recoverWithItem(e -> ToolFailures.toResponse(SERVICE, e));
  }

  private static JsonNode latestJobWithErrors(JsonNode source) {
    JsonNode job = source.path("latestJob");
    if (!job.isObject()) {
      return job;
    }
    ObjectNode withErrors = ((ObjectNode) job).deepCopy();
    withErrors.set("errors", source.path("errors"));
    return withErrors;
  }

  private static ToolResponse progress(JsonNode job) {
    if (job.isMissingNode() || job.isNull()) {
      return ToolResponse.success("The source has no crawl or upload job yet.");
    }
    String summary =
        "Job "
            + Replies.text(job, "status")
            + ": "
            + job.path("pagesFetched").asInt()
            + " of "
            + job.path("pagesFound").asInt()
            + " pages fetched, "
            + job.path("pagesEmbedded").asInt()
            + " embedded.";
    return Replies.json(summary, job);
  }
}
