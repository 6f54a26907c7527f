package dev.devflow.common.problem;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** A resource that exists only to provoke every kind of error in tests. */
@Path("/test/widgets")
public class WidgetResource {

  public record WidgetRequest(
      @NotBlank String name, @Min(1) @Max(10) int size, List<@NotBlank String> tags) {}

  @POST
  public WidgetRequest create(@Valid WidgetRequest request) {
    return request;
  }

  @GET
  @Path("/{id}")
  public String find(@PathParam("id") long id) {
    throw ProblemException.notFound("Widget " + id + " does not exist.");
  }

  @GET
  public List<String> list(@QueryParam("limit") @Min(1) @Max(100) Integer limit) {
    return List.of();
  }

  @GET
  @Path("/busy")
  public String busy() {
    throw ProblemException.unavailable("The widget press is busy.", 3);
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("secret internals of WidgetResource");
  }
}
