package dev.devflow.knowledgehub.usage;

import dev.devflow.common.usage.PlanUsage;
import dev.devflow.knowledgehub.embed.Embeddings;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses ingestion the tenant's plan has no room for before anything of it is stored: a 413 when
 * its storage would go past the limit, a 429 when this month's LLM calls cannot embed it. The job
 * then spends calls and storage as it goes, and stops with the same problem if another one used
 * them up meanwhile.
 */
@ApplicationScoped
public class IngestAllowance {

  private final TenantStorage storage;
  private final PlanUsage usage;
  private final Embeddings embeddings;

  public IngestAllowance(TenantStorage storage, PlanUsage usage, Embeddings embeddings) {
    this.storage = storage;
    this.usage = usage;
    this.embeddings = embeddings;
  }

  /**
   * @param documents how many documents will be embedded (each takes at least one model call)
   * @param bytes about how much will be stored
   * @param what names the work in the problem ("this upload")
   */
  public void require(String tenant, int documents, long bytes, String what) {
    storage.requireRoom(tenant, bytes, what);
    usage.requireLlmCalls(tenant, embeddings.callsFor(1) * documents);
  }
}
