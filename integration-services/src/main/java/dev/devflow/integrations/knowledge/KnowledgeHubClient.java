package dev.devflow.integrations.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devflow.integrations.config.IntegrationsConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Puts synced documents into the knowledge hub as Markdown files of an upload source (one source
 * per synced repository, project or space; a file of the same name replaces the old one there).
 * Timeouts on every call and a circuit breaker; a knowledge hub that is down fails the sync job,
 * which keeps its cursors and resumes later.
 */
@ApplicationScoped
public class KnowledgeHubClient {

  private final KnowledgeHubRestClient rest;

  @jakarta.inject.Inject
  public KnowledgeHubClient(IntegrationsConfig config) {
    this(config.sync().knowledgeHubUrl());
  }

  /** A client of the knowledge hub at the URL (tests use it against a real one). */
  KnowledgeHubClient(java.net.URI url) {
    this.rest =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(url)
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .build(KnowledgeHubRestClient.class);
  }

  /** A failed call, with the status the knowledge hub answered (0: unreachable). */
  public static class KnowledgeHubException extends RuntimeException {
    private final int status;

    KnowledgeHubException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Uploads the documents into the source (a new one when {@code sourceId} is empty or was deleted
   * meanwhile) and returns the source's id.
   */
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 10_000)
  public UUID upload(
      String authorization,
      Optional<UUID> sourceId,
      String name,
      List<String> tags,
      List<Document> docs) {
    try {
      if (sourceId.isPresent()) {
        try {
          rest.addFiles(authorization, sourceId.get().toString(), form(docs, null, null));
          return sourceId.get();
        } catch (WebApplicationException e) {
          if (e.getResponse().getStatus() != 404) {
            throw e;
          }
        }
      }
      JsonNode created = rest.createUploadSource(authorization, form(docs, name, tags));
      return UUID.fromString(created.path("sourceId").asText());
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      throw new KnowledgeHubException(
          status, "The knowledge hub refused the documents (" + status + ").");
    } catch (ProcessingException e) {
      throw new KnowledgeHubException(0, "The knowledge hub could not be reached.");
    }
  }

  private static ClientMultipartForm form(List<Document> docs, String name, List<String> tags) {
    ClientMultipartForm form = ClientMultipartForm.create();
    if (name != null) {
      form.attribute("name", name, null);
      form.attribute("tags", String.join(",", tags), null);
    }
    for (Document d : docs) {
      form.stringFileUpload("files", d.name(), d.markdown(), "text/markdown");
    }
    return form;
  }
}
