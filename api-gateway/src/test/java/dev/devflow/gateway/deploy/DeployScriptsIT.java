package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Dockerfiles follow their shared template, and the shell scripts pass shellcheck. */
class DeployScriptsIT {

  @Test
  void everyServiceDockerfileMatchesTheSharedTemplate() {
    DeployTools.Run check =
        DeployTools.run(
            DeployTools.repo(), Map.of(), "bash", "deploy/docker/generate.sh", "--check");

    assertThat(check.exit())
        .as("Dockerfiles drifted from their template: %s", check.output())
        .isZero();
  }

  @Test
  void imagesRunAsNonRootWithAHealthcheckOnTheServicePort() throws Exception {
    for (String service : DeployTools.SERVICES) {
      Properties props = new Properties();
      try (var in =
          java.nio.file.Files.newBufferedReader(
              DeployTools.repo().resolve(service + "/src/main/resources/application.properties"))) {
        props.load(in);
      }
      String port = props.getProperty("quarkus.http.port");
      for (String kind : new String[] {"jvm", "native"}) {
        Path file = DeployTools.repo().resolve(service + "/src/main/docker/Dockerfile." + kind);
        String dockerfile = DeployTools.read(file);
        String lastUser =
            dockerfile
                .substring(dockerfile.lastIndexOf("\nUSER ") + 1)
                .lines()
                .findFirst()
                .orElseThrow();

        assertThat(lastUser).as(file.toString()).isEqualTo("USER 185");
        assertThat(dockerfile)
            .contains("EXPOSE " + port, "http://127.0.0.1:" + port + "/health/ready");
        // base images are pinned, in FROM lines or as the defaults of the *_IMAGE arguments
        assertThat(
                dockerfile
                    .lines()
                    .filter(l -> l.startsWith("FROM ") || l.matches("ARG [A-Z_]*IMAGE=.*"))
                    .map(l -> l.replaceFirst("ARG [A-Z_]*IMAGE=", "FROM "))
                    .filter(l -> !l.startsWith("FROM ${")))
            .isNotEmpty()
            .allSatisfy(
                from -> assertThat(from).matches("FROM \\S+:[0-9][^ ]*").doesNotContain("latest"));
      }
    }
  }

  @Test
  void backupRestoreAndGeneratorScriptsPassShellcheck() {
    DeployTools.assumeTool("shellcheck", "shellcheck");
    DeployTools.Run check =
        DeployTools.run(
            DeployTools.repo(),
            Map.of(),
            "shellcheck",
            "deploy/onprem/backup.sh",
            "deploy/onprem/restore.sh",
            "deploy/docker/generate.sh",
            "deploy/docker/build.sh",
            "deploy/docker/test/base-image.sh",
            "deploy/docker/test/postgres/entrypoint.sh");

    assertThat(check.exit()).as("shellcheck: %s", check.output()).isZero();
  }
}
