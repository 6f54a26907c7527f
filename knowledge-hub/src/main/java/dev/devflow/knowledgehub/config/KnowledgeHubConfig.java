package dev.devflow.knowledgehub.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of the knowledge hub, under {@code devflow.knowledge-hub}. */
@ConfigMapping(prefix = "devflow.knowledge-hub")
public interface KnowledgeHubConfig {

  /** Directory under which each tenant's search index lives ({@code <data-dir>/index/<tenant>}). */
  @WithDefault("${user.home}/.devflow/data/knowledge-hub")
  String dataDir();

  /**
   * Whether crawls may reach loopback, link-local and private addresses. Empty means: allowed in
   * local mode only, refused in SaaS, on-prem and dedicated modes.
   */
  Optional<Boolean> allowPrivateAddresses();

  /** Crawler settings. */
  Crawl crawl();

  /** Upload settings. */
  Upload upload();

  /** Embedding settings. */
  Embeddings embeddings();

  /** Search settings. */
  Search search();

  /** Search settings. */
  interface Search {
    /**
     * Searches computing at once (embedding the query, querying the index); the others wait their
     * turn in arrival order. Empty means one per core.
     */
    OptionalInt concurrency();

    /** How long a search waits for its turn before it is answered 503 with Retry-After. */
    @WithDefault("10s")
    Duration maxWait();

    /** Reranking of the best results by a chat model (off unless enabled). */
    Rerank rerank();
  }

  /**
   * Reranking through an OpenAI-compatible chat model (the AOSentry endpoint): the best pages of a
   * search are shown to the model with the question, and their order becomes the one it gives.
   * Every call counts as an LLM call; a call that fails or takes longer than the timeout leaves the
   * results in their own order, with a notice saying so.
   */
  interface Rerank {
    /** Whether searches are reranked. */
    @WithDefault("false")
    boolean enabled();

    /** Base URL of the endpoint; the embeddings' base URL when empty. */
    Optional<String> baseUrl();

    /** The chat model asked. */
    @WithDefault("gpt-4o-mini")
    String model();

    /** API key ({@code AOSENTRY_API_KEY}); the embeddings' key when empty. */
    Optional<String> apiKey();

    /** Pages shown to the model (the rest follow in their own order). */
    @WithDefault("20")
    int candidates();

    /** How long a search waits for the model before it answers in its own order. */
    @WithDefault("3s")
    Duration timeout();
  }

  /** Crawler settings. */
  interface Crawl {
    /** Pages fetched at the same time by one crawl. */
    @WithDefault("4")
    int concurrency();

    /** Minimum pause between two requests to the same host. */
    @WithDefault("200ms")
    Duration politenessDelay();

    /** Connect and read timeout of one page fetch. */
    @WithDefault("15s")
    Duration timeout();

    /** Largest page body read, in bytes; larger pages are recorded as errors. */
    @WithDefault("5242880")
    int maxPageBytes();

    /** Crawl jobs run at the same time across tenants. */
    @WithDefault("2")
    int parallelJobs();

    /** User agent sent with every request and matched against robots.txt. */
    @WithDefault("DevFlowKnowledgeHub")
    String userAgent();

    /** How often at most a crawl.progress event is written. */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * Private hosts and networks crawls may reach although the deployment refuses private addresses
     * (an on-prem intranet): CIDRs, addresses, host names, {@code *.suffix}. Empty: none.
     */
    Optional<List<String>> allowedPrivate();
  }

  /** Upload settings. */
  interface Upload {
    /** Largest accepted file, in bytes (default 50 MB). */
    @WithDefault("52428800")
    long maxFileBytes();

    /** What a compressed file (DOCX) may unpack to, in bytes (default 100 MB). */
    @WithDefault("104857600")
    long maxExpandedBytes();

    /** How many files a compressed file may hold. */
    @WithDefault("10000")
    int maxArchiveEntries();

    /** Characters of text taken from one file (default 10 million, a few thousand pages). */
    @WithDefault("10000000")
    long maxExtractedChars();
  }

  /** Embedding settings. */
  interface Embeddings {
    /**
     * Which embedder: an in-process model, {@code bge-small} (BGE-small-en-v1.5, the default),
     * {@code minilm} (all-MiniLM-L6-v2) or {@code e5-small} (e5-small-v2); or {@code openai}, an
     * OpenAI-compatible endpoint such as AOSentry.
     */
    @WithDefault("minilm")
    String provider();

    /** Base URL of the OpenAI-compatible endpoint, e.g. {@code https://aosentry.example/v1}. */
    @WithDefault("http://127.0.0.1:4000/v1")
    String baseUrl();

    /** Model name sent to the OpenAI-compatible endpoint. */
    @WithDefault("text-embedding-3-small")
    String model();

    /** Vector dimension the OpenAI-compatible model returns. */
    @WithDefault("1536")
    int dimension();

    /** API key for the OpenAI-compatible endpoint ({@code AOSENTRY_API_KEY}). */
    Optional<String> apiKey();

    /**
     * Word pieces of a text the in-process model reads, [CLS] and [SEP] included (16 to 512); the
     * rest of a longer text is not seen. Empty means the model's own default: 128 for MiniLM (what
     * it was trained on and its tokenizer's configuration sets), 256 for BGE and e5 (a chunk of
     * ~1,000 characters with its title fits). Another value embeds differently, so it is stored as
     * another model name and the chunks are re-embedded.
     */
    OptionalInt maxTokens();

    /** Texts sent in one embedding request or model call. */
    @WithDefault("32")
    int batchSize();

    /** Attempts on HTTP 429 or 5xx before an embedding request fails. */
    @WithDefault("5")
    int maxAttempts();

    /** First backoff after a 429; doubled per attempt unless Retry-After says otherwise. */
    @WithDefault("500ms")
    Duration initialBackoff();
  }
}
