package dev.devflow.knowledgehub.upload;

import dev.devflow.common.input.Text;
import dev.devflow.common.problem.Problem;
import dev.devflow.common.problem.ProblemException;
import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.tenant.TenantContext;
import dev.devflow.knowledgehub.source.Ids;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Multipart uploads. The answer lists every file's outcome; it is 201 when at least one file was
 * accepted, otherwise the problem of the rejected files (413, 415 or 422) with one error per file.
 */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Uploads")
public class UploadResource {

  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

  private final UploadService service;
  private final TenantContext tenant;

  public UploadResource(UploadService service, TenantContext tenant) {
    this.service = service;
    this.tenant = tenant;
  }

  @POST
  @Path("/uploads")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response createUploadSource(
      @RestForm String name,
      @RestForm String tags,
      @RestForm("files") List<FileUpload> files,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw ProblemException.invalid("name", "Give the source a name of 1 to 200 characters.");
    }
    textOf("name", name);
    textOf("tags", tags);
    UploadService.UploadResult result =
        service.createSource(
            tenant.slug().orElseThrow(), name.strip(), tags(tags), files, uri.getPath());
    return answer(result, uri);
  }

  @POST
  @Path("/{id}/files")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response addFiles(
      @PathParam("id") String id,
      @RestForm("files") List<FileUpload> files,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    return answer(
        service.addFiles(
            tenant.slug().orElseThrow(), Ids.parse(id, "source"), files, uri.getPath()),
        uri);
  }

  /** Form fields hold storable text, as JSON bodies do. */
  private static void textOf(String field, String value) {
    Text.problem(value)
        .ifPresent(
            rule -> {
              throw ProblemException.invalid(field, field + " " + rule + ".");
            });
  }

  private static Response answer(UploadService.UploadResult result, UriInfo uri) {
    if (result.anyAccepted()) {
      Map<String, Object> body =
          Map.of("sourceId", result.sourceId(), "jobId", result.jobId(), "files", result.files());
      return Response.created(URI.create("/api/v1/sources/" + result.sourceId()))
          .entity(body)
          .build();
    }
    int status =
        result.files().stream().mapToInt(FileOutcome::status).distinct().count() == 1
            ? result.files().get(0).status()
            : 422;
    ProblemType type =
        Arrays.stream(ProblemType.values())
            .filter(t -> t.status() == status)
            .findFirst()
            .orElse(ProblemType.UNPROCESSABLE);
    List<Problem.FieldError> errors =
        result.files().stream()
            .map(f -> new Problem.FieldError("files", f.problem().detail()))
            .toList();
    String detail =
        "No file could be ingested: "
            + String.join(" ", errors.stream().map(Problem.FieldError::message).toList());
    Problem problem =
        new Problem(type.uri(), type.title(), status, detail, uri.getPath(), "files", errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static List<String> tags(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> tags =
        Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String t : tags) {
      if (!TAG.matcher(t).matches()) {
        throw ProblemException.invalid(
            "tags",
            "Tag '" + t + "' must be lower-case letters, digits, '.', '_' or '-' (up to 50).");
      }
    }
    if (tags.size() > 20) {
      throw ProblemException.invalid("tags", "At most 20 tags.");
    }
    return tags;
  }
}
