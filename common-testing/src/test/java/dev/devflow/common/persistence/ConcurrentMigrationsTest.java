package dev.devflow.common.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devflow.common.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many tenants provisioned at once against the default owner pool (5 connections here, as in the
 * services): each migration needs up to three, and before they queued, eight at once starved each
 * other until the pool's acquisition timeout failed most of them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ConcurrentMigrationsTest {

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @Inject TenantMigrator migrator;

  @Test
  void eightNewTenantsMigratedAtOnceAllSucceed() throws Exception {
    assertThat(TenantMigrator.slots("owner")).isEqualTo(1);
    List<String> slugs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      slugs.add("burst_" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(slugs.size());
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (String slug : slugs) {
        results.add(pool.submit(() -> migrator.migrate(slug)));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(120, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(migrator.existingTenants()).containsAll(slugs);
      // and again, all at once, now with nothing to apply
      results.clear();
      for (String slug : slugs) {
        results.add(pool.submit(() -> migrator.migrate(slug)));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(120, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
      try (Connection c = owner.getConnection();
          Statement s = c.createStatement()) {
        for (String slug : slugs) {
          s.execute("DROP SCHEMA IF EXISTS tenant_" + slug + " CASCADE");
        }
      }
    }
  }
}
