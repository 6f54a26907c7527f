package dev.devflow.gateway.db;

import dev.devflow.common.problem.ProblemType;
import dev.devflow.common.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An unreachable control database is a 503 to retry, not a bug. */
public class DatabaseExceptionMapper {

  private static final Logger LOG = Logger.getLogger(DatabaseExceptionMapper.class);

  @ServerExceptionMapper
  public Response unavailable(ControlDatabase.DatabaseException e, UriInfo uri) {
    LOG.warnf("Control database error (SQLSTATE %s): %s", e.sqlState(), e.getCause().getMessage());
    Response response =
        Problems.response(
            ProblemType.UNAVAILABLE,
            "The control database is unavailable; retry shortly.",
            "/" + uri.getPath().replaceFirst("^/", ""));
    response.getHeaders().putSingle("Retry-After", "1");
    return response;
  }
}
