package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On-prem as an operator installs it (deploy/onprem/INSTALL.md), on a real Docker engine: the
 * images built from the project's Dockerfiles on a Debian base made here (no registry), {@code
 * docker-compose.onprem.yml} with a generated env file and a self-signed certificate, every
 * container healthy, then through nginx with TLS: the administrator and a tenant made with the
 * {@code devflow} command, a crawl of an intranet site on the compose network (allowed by the
 * operator's list, while other private addresses stay refused), search, MCP with the official SDK,
 * the dashboard in Chromium; the knowledge hub's JVM killed mid-crawl (back by the restart policy,
 * the crawl finished) and PostgreSQL stopped for 30 s (readiness down and up, no restart); then
 * backup.sh while it serves, {@code down -v}, restore.sh, and the same counts and answers; a
 * damaged backup refused before anything is dropped.
 *
 * <p>Skipped where no Docker engine answers, unless {@code DEVFLOW_REQUIRE_DOCKER=1} (CI sets it).
 */
class OnPremE2EIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "devflow-e2e-onprem";
  private static final String WORD = "quokka-ledger-turnstile";
  private static final Pattern PRINTED_KEY = Pattern.compile("(dfk_[A-Za-z0-9_-]+)");
  private static final int ARCHIVE_PAGES = 40;
  private static final List<String> QUERIES =
      List.of(WORD, "reconcile the turnstile ledger", "badge office opening hours");

  /**
   * The release an installation upgrades from: the first commit whose images and compose files
   * shipped on-prem. Move it to the last release's tag once releases are tagged.
   */
  private static final String PREVIOUS_RELEASE = "3311c71";

  private static final String PREVIOUS_VERSION = "0.1.0-" + PREVIOUS_RELEASE;
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final String AGENT_TEST_IMAGE = "devflow-test/agent:" + VERSION;

  private final Path repo = DevflowStack.checkout();
  private Path work;
  private Path envFile;
  private final Map<String, String> env = new LinkedHashMap<>();
  private HttpClient tls;
  private String base;

  @Test
  void anOperatorInstallsServesBacksUpAndRestoresOnDocker() throws Exception {
    requireDocker();
    work = Files.createTempDirectory("devflow-onprem");
    try {
      long started = System.nanoTime();
      Commands.Result images =
          Commands.run(
              repo,
              List.of("deploy/docker/test/build.sh"),
              Map.of(),
              Duration.ofMinutes(20),
              "images");
      assertThat(images.exitCode()).as(images.output()).isZero();
      System.out.printf("onprem: images built in %.0f s%n", seconds(started));

      configure();
      // The installation starts on the previous release (its compose files, images and devflow
      // command) and is upgraded in place once it holds data.
      Path previous = previousRelease();
      Path cli = repo;
      if (previous != null) {
        useRelease(previous, PREVIOUS_VERSION);
        cli = previous;
      }
      long up = System.nanoTime();
      compose("up", "-d");
      awaitHealthy(Duration.ofSeconds(300));
      System.out.printf("onprem: every container healthy %.0f s after up%n", seconds(up));

      assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
      HttpResponse<String> plain =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + env.get("DEVFLOW_HTTP_PORT") + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).as("port 80 sends browsers to HTTPS").isBetween(301, 308);

      String platformKey = createAdmin(cli);
      String tenantKey = createTenant(cli, platformKey);
      Api api = new Api(base, tenantKey, tls);
      crawlTheIntranet(api);
      if (previous != null) {
        upgradeInPlace(api);
      }
      String viewerKey =
          JSON.readTree(
                  api.call(
                      "POST",
                      "/api/v1/users",
                      "{\"email\":\"viewer@onprem.test\",\"role\":\"viewer\"}",
                      201))
              .path("apiKey")
              .asText();
      agentsInContainers(api);
      mcp(tenantKey);
      dashboard(tenantKey, viewerKey);
      aCrashedKnowledgeHubComesBackAndFinishesItsCrawl(api);
      servicesRideOutADatabaseOutageWithoutARestart();

      Map<String, JsonNode> before = snapshot(api);
      Path backup = backup();
      Path damaged = damagedCopy(backup);
      Commands.Result refused = restore(damaged);
      assertThat(refused.exitCode()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("FAILED");
      assertThat(snapshot(api)).as("a refused restore drops nothing").isEqualTo(before);

      compose("down", "-v");
      long restoring = System.nanoTime();
      Commands.Result restored = restore(backup);
      assertThat(restored.exitCode()).as(restored.output()).isZero();
      awaitHealthy(Duration.ofSeconds(300));
      System.out.printf("onprem: restored and healthy again in %.0f s%n", seconds(restoring));
      awaitSearchable(api, Duration.ofSeconds(180));
      assertThat(snapshot(api)).isEqualTo(before);
    } finally {
      if (envFile != null) {
        keepLogs();
        compose("down", "-v", "--remove-orphans");
      }
      Commands.run(
          repo,
          List.of("git", "worktree", "remove", "--force", work.resolve("previous").toString()),
          Map.of(),
          Duration.ofSeconds(60),
          "git worktree remove");
      Commands.deleteQuietly(work);
    }
  }

  /**
   * The previous release's images, built once per machine from its own checkout by its own scripts
   * ({@value #PREVIOUS_RELEASE}, as {@code devflow/*:}{@value #PREVIOUS_VERSION}); null when this
   * clone lacks that commit (a shallow clone), which the output says.
   */
  private Path previousRelease() {
    Commands.Result known =
        Commands.run(
            repo,
            List.of("git", "cat-file", "-e", PREVIOUS_RELEASE + "^{commit}"),
            Map.of(),
            Duration.ofSeconds(30),
            "git cat-file");
    if (known.exitCode() != 0) {
      System.out.printf(
          "onprem: UPGRADE NOT TESTED: commit %s is not in this clone (shallow?); the install"
              + " starts on this build%n",
          PREVIOUS_RELEASE);
      return null;
    }
    Path checkout = work.resolve("previous");
    Commands.Result added =
        Commands.run(
            repo,
            List.of("git", "worktree", "add", "--detach", checkout.toString(), PREVIOUS_RELEASE),
            Map.of(),
            Duration.ofMinutes(2),
            "git worktree add");
    assertThat(added.exitCode()).as(added.output()).isZero();
    List<String> services =
        List.of(
            "api-gateway",
            "knowledge-hub",
            "workflow-engine",
            "mcp-gateway",
            "integration-services",
            "web-dashboard");
    boolean built =
        services.stream()
            .allMatch(
                s ->
                    Commands.run(
                                repo,
                                List.of(
                                    "docker",
                                    "image",
                                    "inspect",
                                    "devflow/" + s + ":" + PREVIOUS_VERSION),
                                Map.of(),
                                Duration.ofSeconds(30),
                                "docker image inspect")
                            .exitCode()
                        == 0);
    long started = System.nanoTime();
    // the devflow command of that release is needed either way (create-admin runs it)
    Commands.Result packaged =
        Commands.run(
            checkout,
            built
                ? List.of(
                    "./mvnw",
                    "-B",
                    "-q",
                    "package",
                    "-DskipTests",
                    "-Dspotless.check.skip=true",
                    "-pl",
                    "cli",
                    "-am")
                : List.of(
                    "./mvnw", "-B", "-q", "package", "-DskipTests", "-Dspotless.check.skip=true"),
            Map.of(),
            Duration.ofMinutes(20),
            "package " + PREVIOUS_RELEASE);
    assertThat(packaged.exitCode()).as(packaged.output()).isZero();
    if (!built) {
      Commands.Result images =
          Commands.run(
              checkout,
              List.of(
                  "deploy/docker/build.sh",
                  "--version",
                  PREVIOUS_VERSION,
                  "--jdk",
                  "devflow-test/jdk:17",
                  "--jvm-base",
                  "devflow-test/debian:bookworm",
                  "--web-base",
                  "devflow-test/nginx-unprivileged:1.22"),
              Map.of(),
              Duration.ofMinutes(20),
              "images " + PREVIOUS_RELEASE);
      assertThat(images.exitCode()).as(images.output()).isZero();
    }
    System.out.printf(
        "onprem: previous release %s %s in %.0f s%n",
        PREVIOUS_RELEASE,
        built ? "(images kept from an earlier run) packaged" : "built",
        seconds(started));
    return checkout;
  }

  /**
   * The devflow command of a checkout: the script in this one; the CLI's jar in the previous
   * release's, whose services are not packaged when its images are kept (the script would build and
   * install them).
   */
  private List<String> devflow(Path cli, String... args) {
    List<String> command = new ArrayList<>();
    if (cli.equals(repo)) {
      command.add("./devflow");
    } else {
      command.addAll(List.of("java", "-jar", cli.resolve("cli/target/devflow-cli.jar").toString()));
    }
    command.addAll(List.of(args));
    return command;
  }

  /** Points the env file at a release: its image version and its compose files. */
  private void useRelease(Path checkout, String version) throws IOException {
    env.put("DEVFLOW_VERSION", version);
    env.put(
        "COMPOSE_FILE",
        checkout.resolve("docker-compose.onprem.yml")
            + ":"
            + checkout.resolve("deploy/docker/test/compose.test.yml"));
    writeEnvFile();
  }

  private void writeEnvFile() throws IOException {
    StringBuilder file = new StringBuilder();
    env.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
    Files.writeString(envFile, file);
  }

  /**
   * INSTALL.md's upgrade: the new release's files and DEVFLOW_VERSION, {@code up -d}, nothing else.
   * Every migration that ran before stays recorded once as it was, any new one succeeded, and the
   * sources and the top five answers are the same.
   */
  private void upgradeInPlace(Api api) throws Exception {
    Map<String, JsonNode> before = snapshot(api);
    Map<String, List<String>> history = migrationHistory();
    assertThat(history).as("the services' Flyway histories").isNotEmpty();
    useRelease(repo, VERSION);
    long upgrading = System.nanoTime();
    compose("up", "-d");
    awaitHealthy(Duration.ofSeconds(300));
    for (String image : images()) {
      assertThat(image)
          .as("every DevFlow container runs the new release")
          .doesNotContain(PREVIOUS_VERSION);
    }
    awaitSearchable(api, Duration.ofSeconds(180));
    assertThat(snapshot(api)).as("sources and answers after the upgrade").isEqualTo(before);
    Map<String, List<String>> after = migrationHistory();
    for (Map.Entry<String, List<String>> table : history.entrySet()) {
      List<String> now = after.get(table.getKey());
      assertThat(now).as(table.getKey()).isNotNull();
      assertThat(now.subList(0, table.getValue().size()))
          .as(table.getKey() + ": migrations of the old release ran once, untouched")
          .isEqualTo(table.getValue());
      assertThat(now.stream().filter(row -> !row.endsWith("|t")).toList())
          .as(table.getKey() + ": every migration succeeded")
          .isEmpty();
    }
    int added =
        after.values().stream().mapToInt(List::size).sum()
            - history.values().stream().mapToInt(List::size).sum();
    if (added > 0) {
      theOldReleaseRefusesTheUpgradedDatabase();
    }
    System.out.printf(
        "onprem: upgraded %s -> %s in place, healthy %.0f s after up -d (%d new migrations),"
            + " data and answers intact%n",
        PREVIOUS_RELEASE, VERSION, seconds(upgrading), added);
  }

  /**
   * An image rolled back after the upgrade (the previous release's gateway, started on the upgraded
   * database as an operator who set DEVFLOW_VERSION back would) stops at start with a message
   * naming the migration the database is at and the release that does not know it, and writes
   * nothing.
   */
  private void theOldReleaseRefusesTheUpgradedDatabase() throws Exception {
    Map<String, List<String>> history = migrationHistory();
    Map<String, String> rolledBack = new LinkedHashMap<>(composeEnv());
    rolledBack.put("DEVFLOW_VERSION", PREVIOUS_VERSION); // the shell's value wins over --env-file
    Commands.Result old =
        Commands.run(
            repo,
            List.of(
                "docker-compose",
                "--env-file",
                envFile.toString(),
                "run",
                "--rm",
                "--no-deps",
                "-T",
                "knowledge-hub"),
            rolledBack,
            Duration.ofMinutes(3),
            "previous knowledge hub");
    assertThat(old.exitCode()).as(old.output()).isNotZero();
    assertThat(old.output())
        .contains("The database is newer than this DevFlow: schema tenant_")
        .contains("(knowledge-hub migrations) is at migration")
        .contains("knows migrations up to")
        .contains("restore the backup taken before the upgrade");
    assertThat(migrationHistory()).as("the refused release migrated nothing").isEqualTo(history);
    System.out.println(
        "onprem: the previous release's knowledge hub refuses the upgraded database");
  }

  /** Each Flyway history table's rows (rank, version, checksum, installed at, success). */
  private Map<String, List<String>> migrationHistory() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table :
        psql("SELECT schemaname || '.' || tablename FROM pg_tables"
                + " WHERE tablename LIKE 'flyway\\_%\\_history' ORDER BY 1")
            .lines()
            .filter(l -> !l.isBlank())
            .toList()) {
      out.put(
          table,
          psql("SELECT installed_rank, version, checksum, installed_on, success FROM "
                  + table
                  + " ORDER BY installed_rank")
              .lines()
              .filter(l -> !l.isBlank())
              .toList());
    }
    return out;
  }

  private String psql(String sql) {
    Commands.Result result =
        Commands.run(
            repo,
            List.of(
                "docker",
                "exec",
                "devflow-postgres",
                "psql",
                "-U",
                env.get("POSTGRES_USER"),
                "-d",
                env.get("POSTGRES_DB"),
                "-At",
                "-c",
                sql),
            Map.of(),
            Duration.ofSeconds(60),
            "psql");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  /** The image of every DevFlow service container of the project. */
  private List<String> images() {
    List<String> out = new ArrayList<>();
    for (String container :
        List.of(
            "devflow-api-gateway",
            "devflow-knowledge-hub",
            "devflow-workflow-engine",
            "devflow-mcp-gateway",
            "devflow-integrations")) {
      out.add(container + " " + inspect(container, "{{.Config.Image}}"));
    }
    return out;
  }

  private static void requireDocker() {
    boolean required = "1".equals(System.getenv("DEVFLOW_REQUIRE_DOCKER"));
    Commands.Result info =
        Commands.run(
            Path.of("."),
            List.of("docker", "info", "--format", "{{.ServerVersion}}"),
            Map.of(),
            Duration.ofSeconds(30),
            "docker");
    boolean compose =
        Commands.findExecutable("docker-compose").isPresent()
            && Commands.findExecutable("debootstrap", "/usr/sbin/debootstrap").isPresent();
    if (required) {
      assertThat(info.exitCode()).as("a Docker engine (DEVFLOW_REQUIRE_DOCKER=1)").isZero();
      assertThat(compose).as("docker-compose and debootstrap").isTrue();
    }
    Assumptions.assumeTrue(info.exitCode() == 0 && compose, "no Docker engine here");
  }

  /** What INSTALL.md steps 3 and 5 have the operator make: secrets, a certificate, ports. */
  private void configure() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] password = new byte[32];
    random.nextBytes(password);
    byte[] encryption = new byte[32];
    random.nextBytes(encryption);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair jwt = rsa.generateKeyPair();
    Path ssl = Files.createDirectories(work.resolve("ssl"));
    Commands.Result cert =
        Commands.run(
            ssl,
            List.of(
                "openssl",
                "req",
                "-x509",
                "-nodes",
                "-days",
                "2",
                "-newkey",
                "rsa:2048",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost",
                "-keyout",
                "devflow.key",
                "-out",
                "devflow.crt"),
            Map.of(),
            Duration.ofSeconds(60),
            "openssl");
    assertThat(cert.exitCode()).as(cert.output()).isZero();
    // nginx reads the key as its own user
    ssl.resolve("devflow.key").toFile().setReadable(true, false);
    Path site = Files.createDirectories(work.resolve("intranet"));
    Files.writeString(
        site.resolve("index.html"),
        "<html><head><title>Facilities handbook</title></head><body><h1>Facilities handbook</h1>"
            + "<p>Start with <a href=\"ledger.html\">the ledger</a> or"
            + " <a href=\"badges.html\">badges</a>.</p></body></html>");
    Files.writeString(
        site.resolve("ledger.html"),
        "<html><head><title>Turnstile ledger</title></head><body><h1>Turnstile ledger</h1>"
            + "<p>Every evening the night guard runs the "
            + WORD
            + " check: reconcile the turnstile ledger against the badge log and file it.</p>"
            + "</body></html>");
    Files.writeString(
        site.resolve("badges.html"),
        "<html><head><title>Badges</title></head><body><h1>Badges</h1><p>The badge office"
            + " opening hours are nine to five on weekdays; lost badges are replaced there.</p>"
            + "</body></html>");
    // A larger corner of the intranet, for the crawl the knowledge hub is killed in.
    Path archive = Files.createDirectories(site.resolve("archive"));
    StringBuilder links = new StringBuilder("<html><head><title>Archive</title></head><body>");
    for (int i = 1; i <= ARCHIVE_PAGES; i++) {
      links
          .append("<a href=\"minutes-")
          .append(i)
          .append(".html\">minutes ")
          .append(i)
          .append("</a> ");
      Files.writeString(
          archive.resolve("minutes-" + i + ".html"),
          "<html><head><title>Minutes "
              + i
              + "</title></head><body><h1>Minutes of meeting "
              + i
              + "</h1><p>Item "
              + i
              + ": the committee reviewed the turnstile budget, the badge"
              + " backlog and the car park rota, and agreed to meet again.</p></body></html>");
    }
    Files.writeString(archive.resolve("index.html"), links.append("</body></html>"));
    int https = freePort();
    base = "https://localhost:" + https;
    env.put("DEVFLOW_PUBLIC_URL", base);
    env.put("POSTGRES_USER", "devflow");
    env.put("POSTGRES_DB", "devflow");
    env.put("POSTGRES_PASSWORD", HexFormat.of().formatHex(password));
    env.put(
        "DEVFLOW_JWT_PRIVATE_KEY",
        Base64.getEncoder().encodeToString(jwt.getPrivate().getEncoded()));
    env.put(
        "DEVFLOW_JWT_PUBLIC_KEY", Base64.getEncoder().encodeToString(jwt.getPublic().getEncoded()));
    env.put("SECRET_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(encryption));
    env.put("DEVFLOW_BIND_ADDRESS", "127.0.0.1");
    env.put("DEVFLOW_HTTP_PORT", String.valueOf(freePort()));
    env.put("DEVFLOW_HTTPS_PORT", String.valueOf(https));
    // The operator's intranet list: the site's compose name, nothing else private.
    env.put("DEVFLOW_CRAWL_ALLOWED_PRIVATE", "intranet");
    env.put("BACKUP_DIR", work.resolve("backups").toString());
    env.put("COMPOSE_PROJECT_NAME", PROJECT);
    env.put("DEVFLOW_TEST_PG_PORT", String.valueOf(freePort()));
    env.put("DEVFLOW_TEST_SSL_DIR", ssl.toString());
    env.put("DEVFLOW_TEST_SITE_DIR", site.toString());
    envFile = work.resolve(".env.production");
    useRelease(repo, VERSION);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry(
        "devflow",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(ssl.resolve("devflow.crt")))));
    try (var out = Files.newOutputStream(work.resolve("truststore.p12"))) {
      trust.store(out, "changeit".toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    tls = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private void compose(String... args) {
    List<String> command =
        new ArrayList<>(List.of("docker-compose", "--env-file", envFile.toString()));
    command.addAll(List.of(args));
    Commands.Result result =
        Commands.run(repo, command, composeEnv(), Duration.ofMinutes(10), "compose " + args[0]);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private Map<String, String> composeEnv() {
    return Map.of("COMPOSE_PROJECT_NAME", PROJECT, "COMPOSE_FILE", env.get("COMPOSE_FILE"));
  }

  private void awaitHealthy(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String states = "";
    while (System.nanoTime() < deadline) {
      Commands.Result ids =
          Commands.run(
              repo,
              List.of(
                  "docker",
                  "ps",
                  "-a",
                  "-q",
                  "--filter",
                  "label=com.docker.compose.project=" + PROJECT),
              Map.of(),
              Duration.ofSeconds(30),
              "ps");
      List<String> containers =
          ids.output()
              .lines()
              .map(l -> l.replaceAll("^.*\\] ", "").trim())
              .filter(l -> l.matches("[0-9a-f]{12,}"))
              .toList();
      List<String> command =
          new ArrayList<>(
              List.of(
                  "docker",
                  "inspect",
                  "-f",
                  "{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}"));
      command.addAll(containers);
      Commands.Result inspect =
          Commands.run(repo, command, Map.of(), Duration.ofSeconds(30), "inspect");
      states = inspect.output();
      long notYet =
          states
              .lines()
              .filter(l -> l.contains("/devflow"))
              .filter(l -> !l.endsWith(" healthy") && !l.endsWith(" running"))
              .count();
      if (containers.size() >= 8 && notYet == 0) {
        return;
      }
      Thread.sleep(2_000);
    }
    throw new AssertionError("not every container was healthy in " + timeout + ":\n" + states);
  }

  /**
   * INSTALL.md's "Agents": the agents override added and {@code up -d}, so the engine starts each
   * agent in a container of its own through the socket proxy. A run on a repository in the tenant's
   * part of the repositories volume: two scripted agents at once, each in its own container
   * (labelled, limited, read-only root, no socket, on the agents' network), both merged; a third
   * killed from outside with {@code docker kill}, which the Guardian reports; and the proxy
   * refusing what the engine must not do.
   */
  private void agentsInContainers(Api api) throws Exception {
    long started = System.nanoTime();
    Commands.Result image =
        Commands.run(
            repo,
            List.of(
                "docker",
                "build",
                "-q",
                "-t",
                AGENT_TEST_IMAGE,
                "--build-arg",
                "AGENT_IMAGE=devflow/agent:" + VERSION,
                "-f",
                "deploy/docker/test/agent/Dockerfile",
                "workflow-engine/src/test/resources/agents"),
            Map.of(),
            Duration.ofMinutes(5),
            "agent test image");
    assertThat(image.exitCode()).as(image.output()).isZero();
    env.put("DEVFLOW_AGENT_IMAGE", AGENT_TEST_IMAGE);
    env.put("DEVFLOW_AGENTS_NAME", PROJECT);
    env.put(
        "COMPOSE_FILE",
        env.get("COMPOSE_FILE")
            + ":"
            + repo.resolve("deploy/onprem/docker-compose.agents.yml")
            + ":"
            + repo.resolve("deploy/docker/test/compose.agents.test.yml"));
    writeEnvFile();
    compose("up", "-d");
    awaitHealthy(Duration.ofSeconds(300));
    System.out.printf("onprem: agents override up and healthy in %.0f s%n", seconds(started));

    String repository = "/var/lib/devflow/repos/acme/shop";
    docker(
        "exec",
        "devflow-workflow-engine",
        "sh",
        "-c",
        "set -e; mkdir -p "
            + repository
            + "; cd "
            + repository
            + "; git init -q -b main; git -c user.name=ops -c user.email=ops@onprem.test"
            + " commit -q --allow-empty -m init");
    long workflow =
        JSON.readTree(
                api.call(
                    "POST",
                    "/api/v1/workflows",
                    JSON.writeValueAsString(
                        Map.of(
                            "format",
                            "yaml",
                            "source",
                            "name: containers\nphases:\n  - name: implement\n"
                                + "    instructions: Write the file the task names and commit it.\n")),
                    201))
            .path("id")
            .asLong();
    long run =
        JSON.readTree(
                api.call(
                    "POST",
                    "/api/v1/runs",
                    JSON.writeValueAsString(
                        Map.of(
                            "workflowId", workflow, "repoPath", repository, "baseBranch", "main")),
                    201))
            .path("id")
            .asLong();
    long first = fileTask(api, run, "alpha.txt", "from container one");
    long second = fileTask(api, run, "beta.txt", "from container two");
    JsonNode a = spawn(api, run, "scripted", first);
    JsonNode b = spawn(api, run, "scripted", second);
    String container = "devflow-agent-" + a.path("session").asText();
    Commands.Result inspected =
        Commands.run(
            repo,
            List.of(
                "docker",
                "inspect",
                "-f",
                "{{.Config.User}} {{.HostConfig.NetworkMode}} {{.HostConfig.Memory}}"
                    + " {{.HostConfig.NanoCpus}} {{.HostConfig.ReadonlyRootfs}}"
                    + " {{index .Config.Labels \"dev.devflow.agent\"}}"
                    + " {{range .Mounts}}{{.Name}}:{{.Destination}},{{end}}",
                container),
            Map.of(),
            Duration.ofSeconds(30),
            "inspect agent");
    assertThat(inspected.exitCode()).as(inspected.output()).isZero();
    assertThat(inspected.output())
        .contains("185:0 " + PROJECT + "-agents 2147483648 1000000000 true")
        .contains(a.path("session").asText())
        .contains(PROJECT + "-agent-worktrees:/var/lib/devflow/worktrees")
        .doesNotContain("docker.sock");
    JsonNode doneA = awaitTask(api, first);
    JsonNode doneB = awaitTask(api, second);
    assertThat(doneA.path("status").asText()).as(doneA.toString()).isEqualTo("done");
    assertThat(doneB.path("status").asText()).as(doneB.toString()).isEqualTo("done");
    assertThat(doneA.path("mergeCommit").asText()).isNotBlank();
    assertThat(doneB.path("mergeCommit").asText()).isNotBlank();
    Commands.Result merges =
        inEngine("git", "-C", repository, "log", "--merges", "--format=%s", "main");
    assertThat(merges.output()).contains("Merge task " + first).contains("Merge task " + second);
    System.out.printf(
        "onprem: two agents in containers, both merged, %.0f s after the override%n",
        seconds(started));

    long third = fileTask(api, run, "gamma.txt", "never written");
    JsonNode c = spawn(api, run, "heartbeat", third);
    docker("kill", "devflow-agent-" + c.path("session").asText());
    long killed = System.nanoTime();
    JsonNode failed = null;
    for (int i = 0; i < 60; i++) {
      failed = JSON.readTree(api.call("GET", "/api/v1/agents/" + c.path("id").asLong(), null, 200));
      if ("failed".equals(failed.path("status").asText())) {
        break;
      }
      Thread.sleep(1_000);
    }
    assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
    assertThat(failed.toString()).contains("disappeared");
    System.out.printf(
        "onprem: an agent container killed from outside, reported failed %.0f s later%n",
        seconds(killed));

    anAgentContainerOutlivesAnEngineRestart(api, run);

    String boundToRoot =
        "{\"Image\":\""
            + AGENT_TEST_IMAGE
            + "\",\"User\":\"185:0\",\"Labels\":{\"dev.devflow.agent\":\"x\"},"
            + "\"HostConfig\":{\"NetworkMode\":\""
            + PROJECT
            + "-agents\",\"Memory\":1000000,\"NanoCpus\":1000000,"
            + "\"Binds\":[\"/:/host\"]}}";
    assertThat(throughProxy("POST", "/containers/create?name=devflow-agent-evil", boundToRoot))
        .isEqualTo(403);
    assertThat(throughProxy("GET", "/images/json", null)).isEqualTo(403);
    Commands.Result listed =
        inEngine("curl", "-fsS", "http://docker-proxy:2375/v1.41/containers/json?all=true");
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    assertThat(listed.output())
        .as("the proxy lists agent containers only")
        .doesNotContain("devflow-postgres")
        .doesNotContain("devflow-workflow-engine");
    Commands.Result socket = inEngine("ls", "/var/run/docker.sock");
    assertThat(socket.exitCode()).as("the engine has no Docker socket").isNotZero();
  }

  /**
   * An agent's container keeps running while the engine restarts, and the engine adopts it again
   * (its socket answers); the API restarts it in a new container and stops it, which ends the
   * container.
   */
  private void anAgentContainerOutlivesAnEngineRestart(Api api, long run) throws Exception {
    long task = fileTask(api, run, "delta.txt", "never written");
    JsonNode agent = spawn(api, run, "heartbeat", task);
    long id = agent.path("id").asLong();
    String container = "devflow-agent-" + agent.path("session").asText();
    String before = containerState(container);
    assertThat(before).endsWith(" true");
    // A container the engine started but never recorded (it stopped in between): the proxy lets
    // the engine's side create it, and the engine's next start removes it, found by its label.
    String orphan = "devflow-agent-agent_acme_999999";
    String sleeper =
        "{\"Image\":\""
            + AGENT_TEST_IMAGE
            + "\",\"Cmd\":[\"sleep\",\"600\"],\"User\":\"185:0\","
            + "\"Labels\":{\"dev.devflow.agent\":\"agent_acme_999999\"},"
            + "\"HostConfig\":{\"NetworkMode\":\""
            + PROJECT
            + "-agents\",\"Memory\":67108864,\"NanoCpus\":100000000}}";
    assertThat(throughProxy("POST", "/containers/create?name=" + orphan, sleeper)).isEqualTo(201);
    assertThat(throughProxy("POST", "/containers/" + orphan + "/start", null)).isEqualTo(204);
    assertThat(containerState(orphan)).endsWith(" true");
    long restarting = System.nanoTime();
    docker("restart", "devflow-workflow-engine");
    awaitHealthy(Duration.ofSeconds(300));
    System.out.printf(
        "onprem: engine restarted and healthy in %.0f s; its agent's container ran on%n",
        seconds(restarting));
    assertThat(containerState(container)).as("the same container, still running").isEqualTo(before);
    assertThat(containerState(orphan)).as("the orphan container is removed").isEmpty();
    assertThat(
            JSON.readTree(api.call("GET", "/api/v1/agents/" + id, null, 200))
                .path("status")
                .asText())
        .isEqualTo("running");
    int step = 0;
    for (int i = 0; i < 30 && step == 0; i++) {
      Thread.sleep(1_000);
      step = lastStep(api.call("GET", "/api/v1/agents/" + id + "/log/tail?lines=5", null, 200));
    }
    Thread.sleep(3_000);
    int later = lastStep(api.call("GET", "/api/v1/agents/" + id + "/log/tail?lines=5", null, 200));
    assertThat(later).as("the adopted agent's screen is read again").isGreaterThan(step);

    JsonNode restarted =
        JSON.readTree(api.call("POST", "/api/v1/agents/" + id + "/restart", null, 200));
    assertThat(restarted.path("status").asText()).as(restarted.toString()).isEqualTo("running");
    String again = containerState(container);
    assertThat(again).endsWith(" true").isNotEqualTo(before);
    JsonNode stopped = JSON.readTree(api.call("POST", "/api/v1/agents/" + id + "/stop", null, 200));
    assertThat(stopped.path("status").asText()).isEqualTo("stopped");
    String after = "";
    for (int i = 0; i < 30; i++) {
      after = containerState(container);
      if (after.isEmpty()) {
        break;
      }
      Thread.sleep(1_000);
    }
    assertThat(after).as("a stopped agent's container is gone").isEmpty();
  }

  /** A command in the workflow engine's container. */
  private Commands.Result inEngine(String... command) {
    List<String> exec = new ArrayList<>(List.of("docker", "exec", "devflow-workflow-engine"));
    exec.addAll(List.of(command));
    return Commands.run(repo, exec, Map.of(), Duration.ofSeconds(30), command[0]);
  }

  /** The status the socket proxy answers the engine's container with (Docker API 1.41). */
  private int throughProxy(String method, String path, String json) {
    List<String> curl =
        new ArrayList<>(
            List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method));
    if (json != null) {
      curl.addAll(List.of("-H", "Content-Type: application/json", "-d", json));
    }
    curl.add("http://docker-proxy:2375/v1.41" + path);
    Commands.Result result = inEngine(curl.toArray(String[]::new));
    return Integer.parseInt(result.output().strip().replaceAll("^.*\\] ", ""));
  }

  /** "id running" of a container, or empty when there is none. */
  private String containerState(String container) {
    Commands.Result state =
        Commands.run(
            repo,
            List.of("docker", "inspect", "-f", "{{.Id}} {{.State.Running}}", container),
            Map.of(),
            Duration.ofSeconds(30),
            "inspect");
    return state.exitCode() == 0 ? state.output().strip().replaceAll("^.*\\] ", "") : "";
  }

  private static int lastStep(String tail) {
    Matcher step = Pattern.compile("working, step (\\d+)").matcher(tail);
    int last = 0;
    while (step.find()) {
      last = Integer.parseInt(step.group(1));
    }
    return last;
  }

  private static long fileTask(Api api, long run, String file, String text) throws Exception {
    return JSON.readTree(
            api.call(
                "POST",
                "/api/v1/runs/" + run + "/tasks",
                JSON.writeValueAsString(
                    Map.of(
                        "title",
                        "Write " + file,
                        "description",
                        "FILE:" + file + " TEXT:" + text,
                        "phase",
                        "implement")),
                201))
        .path("id")
        .asLong();
  }

  private static JsonNode spawn(Api api, long run, String kind, long task) throws Exception {
    JsonNode agent =
        JSON.readTree(
            api.call(
                "POST",
                "/api/v1/runs/" + run + "/agents",
                JSON.writeValueAsString(Map.of("kind", kind, "taskId", task)),
                201));
    assertThat(agent.path("status").asText()).as(agent.toString()).isEqualTo("running");
    return agent;
  }

  private static JsonNode awaitTask(Api api, long task) throws Exception {
    JsonNode state = null;
    for (int i = 0; i < 120; i++) {
      state = JSON.readTree(api.call("GET", "/api/v1/tasks/" + task, null, 200));
      if (List.of("done", "blocked", "failed").contains(state.path("status").asText())) {
        return state;
      }
      Thread.sleep(1_000);
    }
    return state;
  }

  /** INSTALL.md step 9: the platform administrator, written by `devflow create-admin`. */
  private String createAdmin(Path cli) {
    Commands.Result admin =
        Commands.run(
            cli,
            devflow(cli, "create-admin", "--email", "ops@onprem.test"),
            Map.of(
                "DATABASE_URL",
                "postgresql://devflow:"
                    + env.get("POSTGRES_PASSWORD")
                    + "@127.0.0.1:"
                    + env.get("DEVFLOW_TEST_PG_PORT")
                    + "/devflow"),
            Duration.ofSeconds(120),
            "devflow create-admin");
    Matcher key = PRINTED_KEY.matcher(admin.output());
    assertThat(admin.exitCode()).as(admin.output()).isZero();
    assertThat(key.find()).as(admin.output()).isTrue();
    return key.group(1);
  }

  /** `devflow create-tenant` through nginx, by a JVM that trusts the installation's certificate. */
  private String createTenant(Path cli, String platformKey) throws Exception {
    Commands.Result tenant =
        Commands.run(
            cli,
            devflow(
                cli,
                "create-tenant",
                "--slug",
                "acme",
                "--name",
                "ACME",
                "--plan",
                "pro",
                "--admin-email",
                "admin@acme.test"),
            Map.of(
                "DEVFLOW_API_URL", base,
                "DEVFLOW_API_KEY", platformKey,
                "JAVA_TOOL_OPTIONS",
                    "-Djavax.net.ssl.trustStore="
                        + work.resolve("truststore.p12")
                        + " -Djavax.net.ssl.trustStorePassword=changeit"),
            Duration.ofSeconds(120),
            "devflow create-tenant");
    assertThat(tenant.exitCode()).as(tenant.output()).isZero();
    Matcher key = Pattern.compile("\"apiKey\"\\s*:\\s*\"(dfk_[^\"]+)\"").matcher(tenant.output());
    assertThat(key.find()).as(tenant.output()).isTrue();
    return key.group(1);
  }

  private void crawlTheIntranet(Api api) throws Exception {
    String refused =
        api.call(
            "POST",
            "/api/v1/sources",
            "{\"name\":\"The database\",\"url\":\"http://postgres:5432/\",\"maxDepth\":1}",
            400);
    assertThat(refused).contains("url").contains("blocked");
    String source =
        api.call(
            "POST",
            "/api/v1/sources",
            "{\"name\":\"Facilities\",\"url\":\"http://intranet/index.html\",\"maxDepth\":2,"
                + "\"maxPages\":20}",
            201);
    api.awaitIngested(JSON.readTree(source).path("id").asText(), Duration.ofSeconds(180));
    awaitSearchable(api, Duration.ofSeconds(60));
  }

  /**
   * The knowledge hub's JVM killed mid-crawl, as the OOM killer or a crash would (a `docker kill`
   * is a manual stop, which Docker's restart policy leaves stopped): the container comes back by
   * its restart policy and the crawl resumes where it was, every page there.
   */
  private void aCrashedKnowledgeHubComesBackAndFinishesItsCrawl(Api api) throws Exception {
    String source =
        JSON.readTree(
                api.call(
                    "POST",
                    "/api/v1/sources",
                    "{\"name\":\"Archive\",\"url\":\"http://intranet/archive/index.html\","
                        + "\"maxDepth\":2,\"maxPages\":100}",
                    201))
            .path("id")
            .asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (JSON.readTree(api.call("GET", "/api/v1/sources/" + source, null, 200))
            .at("/latestJob/pagesFetched")
            .asInt()
        < 3) {
      assertThat(System.nanoTime()).as("the crawl started").isLessThan(deadline);
      Thread.sleep(100);
    }
    int restarts = restartCount("devflow-knowledge-hub");
    String pid = inspect("devflow-knowledge-hub", "{{.State.Pid}}");
    JsonNode before = JSON.readTree(api.call("GET", "/api/v1/sources/" + source, null, 200));
    long killed = System.nanoTime();
    Commands.Result kill =
        Commands.run(repo, List.of("kill", "-9", pid), Map.of(), Duration.ofSeconds(10), "kill");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(before.at("/latestJob/status").asText()).as("killed mid-crawl").isNotEqualTo("done");
    System.out.printf(
        "onprem: knowledge hub killed with %d of %d pages fetched%n",
        before.at("/latestJob/pagesFetched").asInt(), ARCHIVE_PAGES + 1);
    // Docker notices the dead process and restarts the container a moment after the kill; until
    // then the container still reads healthy, so wait for the restart before waiting for health.
    long restartDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (restartCount("devflow-knowledge-hub") <= restarts) {
      assertThat(System.nanoTime())
          .as("the knowledge hub restarted by its policy")
          .isLessThan(restartDeadline);
      Thread.sleep(200);
    }
    awaitHealthy(Duration.ofSeconds(180));
    api.awaitIngested(source, Duration.ofSeconds(240));
    JsonNode done = JSON.readTree(api.call("GET", "/api/v1/sources/" + source, null, 200));
    assertThat(done.path("pageCount").asInt()).as(done.toString()).isEqualTo(ARCHIVE_PAGES + 1);
    System.out.printf(
        "onprem: knowledge hub killed mid-crawl, back and the crawl finished (%d pages) %.0f s"
            + " later%n",
        done.path("pageCount").asInt(), seconds(killed));
  }

  /**
   * PostgreSQL stopped for 30 s: every service with a database reports not ready, and all are ready
   * again once it is back, without a restart.
   */
  private void servicesRideOutADatabaseOutageWithoutARestart() throws Exception {
    Map<String, Integer> ports =
        Map.of(
            "devflow-knowledge-hub", 8282,
            "devflow-workflow-engine", 8181,
            "devflow-integrations", 8383,
            "devflow-api-gateway", 8080);
    Map<String, String> started = new LinkedHashMap<>();
    for (String container : ports.keySet()) {
      started.put(container, inspect(container, "{{.State.StartedAt}}"));
    }
    long stopped = System.nanoTime();
    docker("stop", "devflow-postgres");
    for (Map.Entry<String, Integer> service : ports.entrySet()) {
      awaitReadiness(service.getKey(), service.getValue(), 503, Duration.ofSeconds(30));
    }
    long down = Duration.ofSeconds(30).toMillis() - (System.nanoTime() - stopped) / 1_000_000;
    if (down > 0) {
      Thread.sleep(down);
    }
    docker("start", "devflow-postgres");
    long back = System.nanoTime();
    for (Map.Entry<String, Integer> service : ports.entrySet()) {
      awaitReadiness(service.getKey(), service.getValue(), 200, Duration.ofSeconds(90));
    }
    System.out.printf(
        "onprem: PostgreSQL stopped 30 s; every service ready again %.0f s after it was back%n",
        seconds(back));
    for (Map.Entry<String, String> container : started.entrySet()) {
      assertThat(inspect(container.getKey(), "{{.State.StartedAt}}"))
          .as(container.getKey() + " was not restarted")
          .isEqualTo(container.getValue());
    }
    awaitHealthy(Duration.ofSeconds(120));
  }

  private void awaitReadiness(String container, int port, int status, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      Commands.Result result =
          Commands.run(
              repo,
              List.of(
                  "docker",
                  "exec",
                  container,
                  "curl",
                  "-s",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "http://127.0.0.1:" + port + "/health/ready"),
              Map.of(),
              Duration.ofSeconds(20),
              "ready " + container);
      seen = result.output().trim();
      if (seen.endsWith(String.valueOf(status))) {
        return;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError(container + " readiness never answered " + status + ": " + seen);
  }

  private String inspect(String container, String format) {
    Commands.Result result =
        Commands.run(
            repo,
            List.of("docker", "inspect", "-f", format, container),
            Map.of(),
            Duration.ofSeconds(30),
            "inspect");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output().trim();
  }

  private int restartCount(String container) {
    return Integer.parseInt(inspect(container, "{{.RestartCount}}"));
  }

  private void docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Commands.Result result =
        Commands.run(repo, command, Map.of(), Duration.ofSeconds(60), "docker " + args[0]);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private void awaitSearchable(Api api, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String found = "";
    while (System.nanoTime() < deadline) {
      found = api.call("GET", "/api/v1/search?limit=5&query=" + WORD, null, 200);
      if (found.contains("Turnstile ledger")) {
        return;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("search never found the intranet page: " + found);
  }

  private void mcp(String key) throws IOException {
    Commands.Result result =
        Node.run(
            "mcp/onprem.e2e.mjs",
            Map.of(
                "DEVFLOW_MCP_URL",
                base + "/mcp",
                "DEVFLOW_API_KEY",
                key,
                "QUERY",
                WORD,
                "EXPECT",
                "turnstile ledger",
                "NODE_EXTRA_CA_CERTS",
                work.resolve("ssl/devflow.crt").toString()),
            Duration.ofSeconds(120));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("search_knowledge found the intranet page");
  }

  private void dashboard(String admin, String viewer) {
    Path target = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
    Commands.Result result =
        Node.run(
            "dashboard/saas.e2e.mjs",
            Map.of(
                "SAAS_URL",
                base,
                "ADMIN_KEY",
                admin,
                "VIEWER_KEY",
                viewer,
                "TENANT",
                "acme",
                "SCREENSHOTS",
                target.resolve("onprem").toString(),
                "CHROMIUM",
                Browser.chromium(),
                "IGNORE_HTTPS_ERRORS",
                "1"),
            Duration.ofSeconds(120));
    assertThat(result.exitCode()).as("dashboard through nginx\n%s", result.output()).isZero();
    assertThat(result.output()).contains("steps passed");
  }

  /** What a restore must bring back: sources and their counts, and the top five of each search. */
  private static Map<String, JsonNode> snapshot(Api api) throws Exception {
    Map<String, JsonNode> seen = new LinkedHashMap<>();
    JsonNode sources = JSON.readTree(api.call("GET", "/api/v1/sources", null, 200));
    seen.put("sources", sources);
    for (String query : QUERIES) {
      JsonNode hits =
          JSON.readTree(
              api.call(
                  "GET", "/api/v1/search?limit=5&query=" + query.replace(' ', '+'), null, 200));
      List<String> top = new ArrayList<>();
      for (JsonNode hit : hits.path("results")) {
        top.add(hit.path("chunkId").asText() + " " + hit.path("title").asText());
      }
      seen.put("search " + query, JSON.valueToTree(top));
    }
    return seen;
  }

  private Path backup() throws IOException {
    long started = System.nanoTime();
    Commands.Result result =
        Commands.run(
            repo,
            List.of("deploy/onprem/backup.sh", "--env-file", envFile.toString()),
            composeEnv(),
            Duration.ofMinutes(5),
            "backup.sh");
    assertThat(result.exitCode()).as(result.output()).isZero();
    System.out.printf("onprem: backup.sh took %.1f s while serving%n", seconds(started));
    try (var dirs = Files.list(work.resolve("backups"))) {
      return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private Path damagedCopy(Path backup) throws IOException {
    Path damaged = Files.createDirectories(work.resolve("damaged"));
    try (var files = Files.list(backup)) {
      for (Path f : files.toList()) {
        Files.copy(f, damaged.resolve(f.getFileName()));
      }
    }
    byte[] dump = Files.readAllBytes(damaged.resolve("postgres.dump"));
    dump[dump.length / 2] ^= 0x5a;
    Files.write(damaged.resolve("postgres.dump"), dump);
    return damaged;
  }

  private Commands.Result restore(Path backup) {
    long started = System.nanoTime();
    Commands.Result result =
        Commands.run(
            repo,
            List.of(
                "deploy/onprem/restore.sh",
                backup.toString(),
                "--yes",
                "--env-file",
                envFile.toString()),
            composeEnv(),
            Duration.ofMinutes(10),
            "restore.sh");
    System.out.printf("onprem: restore.sh took %.1f s%n", seconds(started));
    return result;
  }

  private void keepLogs() {
    Path logs =
        Path.of(System.getProperty("e2e.stack-logs", "target/stack-logs")).resolve("onprem");
    try {
      Files.createDirectories(logs);
      for (String service :
          List.of(
              "postgres",
              "knowledge-hub",
              "workflow-engine",
              "mcp-gateway",
              "integration-services",
              "api-gateway",
              "web-dashboard",
              "nginx",
              "intranet")) {
        Commands.Result log =
            Commands.run(
                repo,
                List.of(
                    "docker-compose",
                    "--env-file",
                    envFile.toString(),
                    "logs",
                    "--no-color",
                    service),
                composeEnv(),
                Duration.ofSeconds(60),
                "logs " + service);
        Files.writeString(logs.resolve(service + ".log"), log.output());
      }
    } catch (IOException | RuntimeException e) {
      // best effort: logs are for whoever reads a failure
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return tls.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
