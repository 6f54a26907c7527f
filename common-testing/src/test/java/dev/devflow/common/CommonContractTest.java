package dev.devflow.common;

import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CommonContractTest extends ServiceContractTest {

  @Override
  protected boolean servesApi() {
    return false;
  }
}
