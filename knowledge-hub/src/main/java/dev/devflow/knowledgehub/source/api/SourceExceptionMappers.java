package dev.devflow.knowledgehub.source.api;

import dev.devflow.common.problem.Problem;
import dev.devflow.common.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem documents specific to the knowledge hub: a duplicate source names the existing one. */
public class SourceExceptionMappers {

  @ServerExceptionMapper
  public Response duplicate(DuplicateSourceException e, UriInfo uri) {
    ProblemType type = ProblemType.CONFLICT;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", e.getMessage());
    body.put("instance", "/" + uri.getPath().replaceFirst("^/", ""));
    body.put("field", "url");
    body.put("errors", List.of(new Problem.FieldError("url", e.getMessage())));
    body.put("existingId", e.existingId().toString());
    return Response.status(type.status())
        .type(Problem.MEDIA_TYPE)
        .entity(body)
        .header("Location", "/api/v1/sources/" + e.existingId())
        .build();
  }
}
