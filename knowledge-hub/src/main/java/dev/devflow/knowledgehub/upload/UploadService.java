package dev.devflow.knowledgehub.upload;

import dev.devflow.common.input.Text;
import dev.devflow.common.problem.Problem;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.knowledgehub.config.KnowledgeHubConfig;
import dev.devflow.knowledgehub.job.JobRepository;
import dev.devflow.knowledgehub.job.JobRunner;
import dev.devflow.knowledgehub.source.Source;
import dev.devflow.knowledgehub.source.SourceRepository;
import dev.devflow.knowledgehub.source.SourceRequest;
import dev.devflow.knowledgehub.usage.IngestAllowance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Accepts uploaded files: each is checked and parsed on its own (413 too large, 415 unsupported,
 * 422 unreadable, naming the file) and the good ones are stored with a durable upload job that
 * chunks and embeds them in the background.
 */
@ApplicationScoped
public class UploadService {

  /** What an upload produced. */
  public record UploadResult(UUID sourceId, UUID jobId, List<FileOutcome> files) {
    public boolean anyAccepted() {
      return jobId != null;
    }
  }

  private final KnowledgeHubConfig config;
  private final SourceRepository sources;
  private final JobRepository jobs;
  private final UploadRepository uploads;
  private final JobRunner runner;
  private final IngestAllowance allowance;

  public UploadService(
      KnowledgeHubConfig config,
      SourceRepository sources,
      JobRepository jobs,
      UploadRepository uploads,
      JobRunner runner,
      IngestAllowance allowance) {
    this.config = config;
    this.sources = sources;
    this.jobs = jobs;
    this.uploads = uploads;
    this.runner = runner;
    this.allowance = allowance;
  }

  /** Creates an upload source holding the accepted files (none accepted: nothing is created). */
  public UploadResult createSource(
      String tenant, String name, List<String> tags, List<FileUpload> files, String instance) {
    List<ParsedFile> accepted = new ArrayList<>();
    List<FileOutcome> outcomes = check(files, accepted, instance);
    if (accepted.isEmpty()) {
      return new UploadResult(null, null, outcomes);
    }
    requireRoom(tenant, accepted);
    UUID id = UUID.randomUUID();
    UUID jobId = UUID.randomUUID();
    SourceRequest settings = new SourceRequest(name, "upload", tags, null, null, null, null);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              sources.insert(tenant, id, Source.KIND_UPLOAD, name, null, settings);
              store(tenant, id, jobId, accepted);
            });
    runner.submit(tenant, jobId);
    return new UploadResult(id, jobId, outcomes);
  }

  /** Adds files to an existing upload source (a file with the same name replaces the old one). */
  public UploadResult addFiles(
      String tenant, UUID sourceId, List<FileUpload> files, String instance) {
    Source source =
        sources
            .findSourceById(tenant, sourceId)
            .orElseThrow(() -> ProblemException.notFound("No source " + sourceId + "."));
    if (!Source.KIND_UPLOAD.equals(source.kind())) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Source "
              + sourceId
              + " is crawled from a URL; files can only be added to upload sources.");
    }
    List<ParsedFile> accepted = new ArrayList<>();
    List<FileOutcome> outcomes = check(files, accepted, instance);
    if (accepted.isEmpty()) {
      return new UploadResult(sourceId, null, outcomes);
    }
    requireRoom(tenant, accepted);
    UUID jobId = UUID.randomUUID();
    QuarkusTransaction.requiringNew().run(() -> store(tenant, sourceId, jobId, accepted));
    runner.submit(tenant, jobId);
    return new UploadResult(sourceId, jobId, outcomes);
  }

  /** The plan's storage and LLM calls must have room for the files before any is stored. */
  private void requireRoom(String tenant, List<ParsedFile> accepted) {
    long bytes = 0;
    for (ParsedFile f : accepted) {
      bytes += f.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    allowance.require(
        tenant, accepted.size(), bytes, accepted.size() == 1 ? "this file" : "these files");
  }

  private void store(String tenant, UUID sourceId, UUID jobId, List<ParsedFile> accepted) {
    jobs.insert(tenant, jobId, sourceId, "upload");
    for (ParsedFile f : accepted) {
      uploads.insert(tenant, jobId, f);
    }
  }

  private List<FileOutcome> check(
      List<FileUpload> files, List<ParsedFile> accepted, String instance) {
    if (files == null || files.isEmpty()) {
      throw ProblemException.invalid(
          "files", "Attach at least one file as multipart field 'files'.");
    }
    List<FileOutcome> outcomes = new ArrayList<>();
    for (FileUpload f : files) {
      String name = safeName(f.fileName());
      try {
        if (Text.problem(f.fileName()).isPresent()) {
          throw ProblemException.invalid(
              "files", "A file name " + Text.problem(f.fileName()).get() + ".");
        }
        if (f.size() > config.upload().maxFileBytes()) {
          throw new ProblemException(
              ProblemType.PAYLOAD_TOO_LARGE,
              "File '"
                  + name
                  + "' is "
                  + f.size()
                  + " bytes; the limit is "
                  + config.upload().maxFileBytes()
                  + " bytes per file.",
              "files");
        }
        ParsedFile parsed = FileParser.parse(name, f.uploadedFile(), limits());
        accepted.add(parsed);
        outcomes.add(new FileOutcome(name, 202, parsed.url(), null));
      } catch (ProblemException e) {
        ProblemType t = e.type();
        outcomes.add(
            new FileOutcome(
                name,
                t.status(),
                null,
                new Problem(
                    t.uri(), t.title(), t.status(), e.getMessage(), instance, "files", List.of())));
      }
    }
    return outcomes;
  }

  private ParseLimits limits() {
    return new ParseLimits(
        config.upload().maxExpandedBytes(),
        config.upload().maxArchiveEntries(),
        config.upload().maxExtractedChars());
  }

  private static String safeName(String raw) {
    String name = raw == null ? "" : raw.replace('\\', '/').replaceAll("[\\p{Cc}\\p{Cs}]", "_");
    name = name.substring(name.lastIndexOf('/') + 1).strip();
    if (name.isEmpty()) {
      name = "unnamed";
    }
    return name.length() > 200 ? name.substring(name.length() - 200) : name;
  }
}
