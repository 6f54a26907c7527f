package dev.devflow.integrations;

import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class IntegrationServicesContractTest extends ServiceContractTest {}
