package dev.devflow.common.persistence;

import dev.devflow.common.tenant.TenantContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Notes per tenant; the tenant comes from a test-only header standing in for the gateway. */
@Path("/test/notes")
public class NoteResource {

  @Inject EntityManager em;

  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  @Transactional
  public Long create(String text) {
    Note note = new Note();
    note.text = text;
    em.persist(note);
    return note.id;
  }

  @GET
  public List<String> list() {
    return em.createQuery("select n.text from Note n order by n.id", String.class).getResultList();
  }

  /** Test stand-in for the gateway's signed token. */
  public static class TestTenantHeader {
    @Inject TenantContext tenant;

    @ServerRequestFilter(priority = 1000)
    public void bind(ContainerRequestContext request) {
      String slug = request.getHeaderString("X-Test-Tenant");
      if (slug != null) {
        tenant.set(slug);
      }
    }
  }
}
