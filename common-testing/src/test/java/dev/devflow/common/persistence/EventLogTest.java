package dev.devflow.common.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EventLogTest {

  @Inject EventLog events;
  @Inject TenantMigrator migrator;
  @Inject AgroalDataSource dataSource;
  @Inject UserTransaction tx;

  @Test
  void anEventIsStoredInTheTenantsSchemaAndAnnounced() throws Exception {
    migrator.migrate("epsilon");
    try (Connection listener = dataSource.getConnection()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN " + EventLog.CHANNEL);
      }
      long id = events.append("epsilon", "crawl.done", "source-1", Map.of("pages", 12));

      PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(5_000);
      assertThat(notes).isNotNull().hasSize(1);
      assertThat(notes[0].getParameter())
          .contains("\"tenant\":\"epsilon\"")
          .contains("\"id\":" + id)
          .contains("\"type\":\"crawl.done\"");
    }
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select type, subject, payload->>'pages' from tenant_epsilon.events")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("crawl.done");
      assertThat(rs.getString(2)).isEqualTo("source-1");
      assertThat(rs.getString(3)).isEqualTo("12");
    }
  }

  @Test
  void anEventOfARolledBackTransactionNeverHappened() throws Exception {
    migrator.migrate("zeta");
    tx.begin();
    events.append("zeta", "agent.started", "a-1", Map.of());
    tx.rollback();
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement().executeQuery("select count(*) from tenant_zeta.events")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }
}
