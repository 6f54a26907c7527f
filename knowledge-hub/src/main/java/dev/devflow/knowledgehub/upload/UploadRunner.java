package dev.devflow.knowledgehub.upload;

import dev.devflow.knowledgehub.crawl.FrontierRepository;
import dev.devflow.knowledgehub.ingest.Chunker;
import dev.devflow.knowledgehub.ingest.HtmlExtractor;
import dev.devflow.knowledgehub.ingest.IngestPipeline;
import dev.devflow.knowledgehub.ingest.MarkupExtractor;
import dev.devflow.knowledgehub.ingest.ParsedDocument;
import dev.devflow.knowledgehub.job.Job;
import dev.devflow.knowledgehub.job.JobRepository;
import dev.devflow.knowledgehub.job.JobWork;
import dev.devflow.knowledgehub.job.Progress;
import dev.devflow.knowledgehub.search.SearchIndex;
import dev.devflow.knowledgehub.source.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs an upload job: chunks and embeds each stored file not yet done. Like a crawl, a file and its
 * frontier entry commit together, so a resumed job embeds only what was left.
 */
@ApplicationScoped
public class UploadRunner implements JobWork {

  private final JobRepository jobs;
  private final FrontierRepository frontier;
  private final UploadRepository files;
  private final IngestPipeline pipeline;
  private final SearchIndex index;

  public UploadRunner(
      JobRepository jobs,
      FrontierRepository frontier,
      UploadRepository files,
      IngestPipeline pipeline,
      SearchIndex index) {
    this.jobs = jobs;
    this.frontier = frontier;
    this.files = files;
    this.pipeline = pipeline;
    this.index = index;
  }

  @Override
  public Set<String> kinds() {
    return Set.of("upload");
  }

  @Override
  public String run(String tenant, UUID jobId, Source source) {
    List<FrontierRepository.Entry> pending = frontier.pending(tenant, jobId);
    jobs.setFound(tenant, jobId, frontier.count(tenant, jobId));
    for (FrontierRepository.Entry entry : pending) {
      if (jobs.cancelRequested(tenant, jobId)) {
        return Job.CANCELLED;
      }
      var file = files.find(tenant, jobId, entry.url());
      if (file.isEmpty()) {
        frontier.mark(tenant, jobId, entry.url(), "failed");
        continue;
      }
      ParsedDocument parsed = parse(file.get());
      List<Chunker.Draft> chunks = Chunker.chunk(parsed);
      jobs.addProgress(tenant, jobId, Progress.fetchedPage());
      int embedded =
          pipeline.ingest(
              tenant,
              jobId,
              List.of(
                  new IngestPipeline.ChunkedPage(
                      source.id(),
                      entry.url(),
                      entry.url(),
                      parsed,
                      parsed.contentHash(),
                      chunks)));
      jobs.addProgress(tenant, jobId, Progress.embeddedPages(1, embedded));
    }
    index.commit(tenant);
    files.deleteBodies(tenant, jobId);
    return Job.DONE;
  }

  private static ParsedDocument parse(ParsedFile f) {
    URI base = URI.create("http://upload.invalid/");
    ParsedDocument doc =
        "xhtml".equals(f.format())
            ? HtmlExtractor.parse(f.body(), base)
            : MarkupExtractor.parse(f.body(), f.name(), base);
    String title = doc.title() == null || doc.title().isBlank() ? f.name() : doc.title();
    return new ParsedDocument(title, doc.blocks(), List.of(), base);
  }
}
