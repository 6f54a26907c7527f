package dev.devflow.common.persistence;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Notes per tenant, stored through Hibernate's SCHEMA multitenancy. */
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
}
