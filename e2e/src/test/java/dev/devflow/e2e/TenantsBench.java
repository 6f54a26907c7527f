package dev.devflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SLOs under multi-tenant load (not run by CI: its name does not end in IT; bench/tenants/run.sh).
 * On the SaaS stack ({@link SaasStack}: api-gateway in front of knowledge-hub, workflow-engine and
 * mcp-gateway on the local stack's PostgreSQL): provisions {@code bench.tenants.count} tenants
 * through {@code POST /api/v1/tenants} (every service's migrations included) with a bounded
 * concurrency and times it; measures each service's RSS, heap after a full GC, open files and
 * PostgreSQL connections before and after, and divides the difference by the number of tenants (the
 * cost of an idle tenant). Then, for {@code bench.tenants.seconds}, drives a mixed workload through
 * the gateway across the first {@code bench.tenants.active} tenants (keyword and hybrid search, MCP
 * {@code search_knowledge}, workflow and run lists) with a crawl of a loopback site and an upload
 * repeatedly in the background, and prints p50/p95/p99 per route class against the Team (500 ms)
 * and Enterprise (200 ms) objectives. Prints BENCH lines.
 */
@ExtendWith(WithDevflowStack.class)
class TenantsBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TENANTS = Integer.getInteger("bench.tenants.count", 1000);
  private static final int SECONDS = Integer.getInteger("bench.tenants.seconds", 60);
  private static final int ACTIVE = Integer.getInteger("bench.tenants.active", 100);

  /**
   * Provisionings in flight. Each takes up to three connections of a service's owner pool (5 by
   * default: the migration's advisory lock, Flyway's own and its migration connection), so more
   * than one at a time exhausts the pools (acquisition timeouts, 500/503) unless {@link
   * #OWNER_POOL} is raised.
   */
  private static final int PROVISIONERS = Integer.getInteger("bench.tenants.provisioners", 1);

  /**
   * The services' owner datasource pool size (QUARKUS_DATASOURCE_OWNER_JDBC_MAX_SIZE); 0: theirs.
   */
  private static final int OWNER_POOL = Integer.getInteger("bench.tenants.owner-pool", 0);

  private static final int SEEDERS = 6;
  private static final int THREADS = Integer.getInteger("bench.tenants.threads", 16);

  /** Requests per second over all client threads; 0: each thread sends its next one at once. */
  private static final int RATE = Integer.getInteger("bench.tenants.rate", 0);

  private static final String PLAN = System.getProperty("bench.tenants.plan", "enterprise");
  private static final List<String> SERVICES =
      List.of("api-gateway", "knowledge-hub", "workflow-engine", "mcp-gateway");
  private static final List<String> WORDS =
      List.of(
          "ledger",
          "reconcile",
          "scheduler",
          "backoff",
          "deployment",
          "rollback",
          "invoice",
          "migration",
          "retention",
          "quota",
          "tracing",
          "webhook");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final Map<String, Recorder> classes = new ConcurrentHashMap<>();
  private final Map<Integer, String> mcpSessions = new ConcurrentHashMap<>();
  private String gateway;
  private String[] keys;
  private long[] sentAt;
  private long[] answeredAt;

  @Test
  void provisionTenantsThenDriveAMixedWorkload() throws Exception {
    DevflowStack stack = DevflowStack.get();
    Path logDir = stack.logs().resolve("saas-tenants-bench");
    Map<String, Map<String, String>> env = new HashMap<>();
    for (String service : List.of("api-gateway", "knowledge-hub", "workflow-engine")) {
      env.put(service, new HashMap<>());
      if (OWNER_POOL > 0) {
        env.get(service)
            .put("QUARKUS_DATASOURCE_OWNER_JDBC_MAX_SIZE", Integer.toString(OWNER_POOL));
      }
    }
    // The background crawl reads a site on 127.0.0.1, which SaaS mode refuses by default.
    env.get("knowledge-hub").put("DEVFLOW_KNOWLEDGE_HUB_ALLOW_PRIVATE_ADDRESSES", "true");
    try (SaasStack saas = SaasStack.startWith(stack, logDir, env)) {
      gateway = saas.gatewayUrl();
      Commands.Result admin =
          stack.devflow("create-admin", "--email", "tenants-bench@e2e.devflow.test");
      Matcher platform = Pattern.compile("(dfk_\\S+)").matcher(admin.output());
      assertThat(platform.find()).as(admin.output()).isTrue();
      Map<String, ProcessHandle> services = services();
      Database db = new Database(stack.databaseUrl());
      int active = Math.min(ACTIVE, TENANTS);

      Thread.sleep(3000); // let start-up work settle before the baseline
      Snapshot before = snapshot(services, db);
      provision(platform.group(1));
      Snapshot after = snapshot(services, db);
      printIdleCost(before, after);
      printMigrationTimes(logDir);
      printWhereProvisioningTimeGoes(logDir, 0, TENANTS);
      if (TENANTS >= 300) {
        // Whether a provisioning costs more once many tenants exist.
        printWhereProvisioningTimeGoes(logDir, 0, 100);
        printWhereProvisioningTimeGoes(logDir, TENANTS - 100, TENANTS);
      }

      seed(active);
      try (LoopbackSite site = new LoopbackSite(20)) {
        drive(active, site);
      }
      printTable();
      Snapshot loaded = snapshot(services, db);
      for (String service : SERVICES) {
        Resources r = loaded.services().get(service);
        System.out.printf(
            "BENCH tenants memory after the load: %-16s RSS %6.1f MiB, heap after full GC %6.1f"
                + " MiB, open files %d, PostgreSQL connections %d%n",
            service, r.rssKb() / 1024.0, r.heapKb() / 1024.0, r.fds(), r.pgConnections());
      }
      System.out.printf(
          "BENCH tenants PostgreSQL after the load: %d client connections, database %.1f MiB%n",
          loaded.pgConnections(), loaded.dbBytes() / 1048576.0);
    }
  }

  // ---------------------------------------------------------------- provisioning

  private void provision(String platformKey) throws Exception {
    keys = new String[TENANTS];
    sentAt = new long[TENANTS];
    answeredAt = new long[TENANTS];
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(PROVISIONERS);
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < TENANTS; i++) {
      int n = i;
      futures.add(
          pool.submit(
              () -> {
                String slug = slug(n);
                String body =
                    "{\"slug\":\""
                        + slug
                        + "\",\"name\":\"Bench "
                        + n
                        + "\",\"plan\":\""
                        + PLAN
                        + "\",\"adminEmail\":\"admin@"
                        + slug.replace('_', '-')
                        + ".test\"}";
                // Provisioning is idempotent: a failed one is finished by asking again.
                for (int attempt = 0; attempt < 3 && keys[n] == null; attempt++) {
                  long t0 = System.nanoTime();
                  sentAt[n] = System.currentTimeMillis();
                  HttpResponse<String> r = send("POST", "/api/v1/tenants", platformKey, body, 120);
                  if (r != null && r.statusCode() == 201) {
                    answeredAt[n] = System.currentTimeMillis();
                    latencies.add((System.nanoTime() - t0) / 1e6);
                    keys[n] = JSON.readTree(r.body()).path("apiKey").asText();
                  } else {
                    failures.incrementAndGet();
                    System.out.printf(
                        "BENCH tenants provisioning %s failed: %s%n",
                        slug, r == null ? "no answer" : r.statusCode() + " " + r.body());
                  }
                }
                int count = done.incrementAndGet();
                if (count % 100 == 0) {
                  double s = (System.nanoTime() - started) / 1e9;
                  System.out.printf(
                      "BENCH tenants provisioning progress: %d tenants in %.1f s (%.2f/s)%n",
                      count, s, count / s);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - started) / 1e9;
    long provisioned = java.util.Arrays.stream(keys).filter(k -> k != null).count();
    System.out.printf(
        "BENCH tenants provisioning: %d of %d tenants (plan %s, %d in flight, owner pools %s) in %.1f s = %.2f"
            + " tenants/s, %.0f ms of wall time per tenant; one provisioning p50 %.0f ms, p95 %.0f"
            + " ms, max %.0f ms; %d failed attempts; target 1,000 in under 300 s: %s%n",
        provisioned,
        TENANTS,
        PLAN,
        PROVISIONERS,
        OWNER_POOL > 0 ? Integer.toString(OWNER_POOL) : "default",
        seconds,
        provisioned / seconds,
        seconds * 1000 / Math.max(1, provisioned),
        pct(latencies, 50),
        pct(latencies, 95),
        pct(latencies, 100),
        failures.get(),
        seconds * 1000 / TENANTS <= 300 ? "PASS (extrapolated per tenant)" : "MISS");
    assertThat(provisioned).as("tenants provisioned").isEqualTo(TENANTS);
  }

  private static String slug(int n) {
    return String.format("bench_%04d", n);
  }

  /** Per service, the Flyway time of the tenants' schemas, read from the services' logs. */
  private static void printMigrationTimes(Path logDir) throws IOException {
    Pattern applied =
        Pattern.compile(
            "Successfully applied (\\d+) migrations? to schema \"[^\"]*bench_\\d+[^\"]*\".*"
                + "execution time (\\d+):(\\d+)\\.(\\d+)s");
    for (String service : SERVICES) {
      Path log = logDir.resolve("saas-" + service + ".log");
      if (!Files.isRegularFile(log)) {
        continue;
      }
      List<Double> times = new ArrayList<>();
      int migrations = 0;
      for (String line : Files.readAllLines(log)) {
        Matcher m = applied.matcher(line);
        if (m.find()) {
          migrations = Integer.parseInt(m.group(1));
          times.add(
              Integer.parseInt(m.group(2)) * 60_000.0
                  + Integer.parseInt(m.group(3)) * 1000.0
                  + Integer.parseInt(m.group(4)));
        }
      }
      if (times.isEmpty()) {
        continue;
      }
      double sum = times.stream().mapToDouble(Double::doubleValue).sum();
      System.out.printf(
          "BENCH tenants migrations %-16s %d schemas of %d migrations: p50 %.0f ms, p95 %.0f ms,"
              + " total %.1f s%n",
          service, times.size(), migrations, pct(times, 50), pct(times, 95), sum / 1000);
    }
  }

  /**
   * Where one provisioning's time goes, from the services' log lines naming the tenant's schema
   * (the first one to the last one, per service: Flyway's run there, without its set-up before its
   * first line) against the request's own start and end at the client (same clock).
   */
  private void printWhereProvisioningTimeGoes(Path logDir, int from, int to) throws IOException {
    Pattern line =
        Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) .*tenant_(bench_\\d{4})\\b");
    Map<String, Map<String, long[]>> spans = new LinkedHashMap<>();
    for (String service : List.of("api-gateway", "workflow-engine", "knowledge-hub")) {
      Path log = logDir.resolve("saas-" + service + ".log");
      Map<String, long[]> bySlug = new HashMap<>();
      spans.put(service, bySlug);
      if (!Files.isRegularFile(log)) {
        continue;
      }
      for (String text : Files.readAllLines(log)) {
        Matcher m = line.matcher(text);
        if (m.find()) {
          long t =
              ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60
                          + Long.parseLong(m.group(3)))
                      * 1000
                  + Long.parseLong(m.group(4));
          long[] span = bySlug.computeIfAbsent(m.group(5), k -> new long[] {t, t});
          span[0] = Math.min(span[0], t);
          span[1] = Math.max(span[1], t);
        }
      }
    }
    Map<String, List<Double>> parts = new LinkedHashMap<>();
    List<Double> totals = new ArrayList<>();
    List<Double> outside = new ArrayList<>();
    for (int n = from; n < to; n++) {
      if (answeredAt[n] == 0) {
        continue;
      }
      long start = msOfDay(sentAt[n]);
      long end = msOfDay(answeredAt[n]);
      double inside = 0;
      boolean complete = true;
      for (Map.Entry<String, Map<String, long[]>> e : spans.entrySet()) {
        long[] span = e.getValue().get(slug(n));
        if (span == null) {
          complete = false;
          continue;
        }
        parts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((double) span[1] - span[0]);
        inside += span[1] - span[0];
      }
      if (complete && end >= start) {
        totals.add((double) end - start);
        outside.add(end - start - inside);
      }
    }
    StringBuilder out =
        new StringBuilder(
            String.format(
                "BENCH tenants provisioning breakdown (tenants %d-%d, mean / p95 ms): whole"
                    + " request %.0f / %.0f",
                from, to - 1, mean(totals), pct(totals, 95)));
    for (Map.Entry<String, List<Double>> e : parts.entrySet()) {
      out.append(
          String.format(
              "; %s's Flyway run %.0f / %.0f",
              e.getKey(), mean(e.getValue()), pct(e.getValue(), 95)));
    }
    out.append(
        String.format(
            "; outside them (HTTP hops, each Flyway's set-up and connections, the gateway's control"
                + " rows, user and key) %.0f / %.0f",
            mean(outside), pct(outside, 95)));
    System.out.println(out);
  }

  private static long msOfDay(long epochMillis) {
    return java.time.Instant.ofEpochMilli(epochMillis)
            .atZone(java.time.ZoneId.systemDefault())
            .toLocalTime()
            .toNanoOfDay()
        / 1_000_000;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  // ---------------------------------------------------------------- resources

  record Resources(long rssKb, long heapKb, int fds, int pgConnections) {}

  record Snapshot(Map<String, Resources> services, int pgConnections, long dbBytes) {}

  /** The SaaS services this JVM started, by name (their command line names their jar). */
  private static Map<String, ProcessHandle> services() {
    Map<String, ProcessHandle> found = new LinkedHashMap<>();
    for (String service : SERVICES) {
      ProcessHandle.current()
          .children()
          .filter(
              p ->
                  String.join(" ", p.info().arguments().orElse(new String[0]))
                      .contains("/" + service + "/target/quarkus-app/quarkus-run.jar"))
          .findFirst()
          .ifPresent(p -> found.put(service, p));
    }
    assertThat(found.keySet()).as("the SaaS services' processes").containsAll(SERVICES);
    return found;
  }

  private static Snapshot snapshot(Map<String, ProcessHandle> services, Database db)
      throws Exception {
    Set<Long> pgSockets = pgSocketInodes(db.port());
    Map<String, Resources> out = new LinkedHashMap<>();
    for (Map.Entry<String, ProcessHandle> e : services.entrySet()) {
      long pid = e.getValue().pid();
      String heap = jcmd(pid, "GC.run") + jcmd(pid, "GC.heap_info");
      long heapKb = 0;
      for (String line : heap.split("\n")) {
        Matcher m = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(line);
        if (m.find()) {
          heapKb += Long.parseLong(m.group(1));
        }
      }
      int fds = 0;
      int pg = 0;
      try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        for (Path fd : entries.toList()) {
          fds++;
          try {
            String link = Files.readSymbolicLink(fd).toString();
            if (link.startsWith("socket:[")) {
              long inode = Long.parseLong(link.substring(8, link.length() - 1));
              if (pgSockets.contains(inode)) {
                pg++;
              }
            }
          } catch (IOException | RuntimeException closed) {
            // gone meanwhile
          }
        }
      }
      out.put(e.getKey(), new Resources(rss(pid), heapKb, fds, pg));
    }
    return new Snapshot(out, db.clientConnections(), db.size());
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return 0;
  }

  /** Inodes of the established TCP sockets to PostgreSQL's port. */
  private static Set<Long> pgSocketInodes(int port) throws IOException {
    Set<Long> inodes = new HashSet<>();
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = line.trim().split("\\s+");
        // sl local remote st ... inode (field 9)
        if (f.length > 9 && f[2].endsWith(hexPort) && f[3].equals("01")) {
          inodes.add(Long.parseLong(f[9]));
        }
      }
    }
    return inodes;
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void printIdleCost(Snapshot before, Snapshot after) {
    System.out.printf(
        "BENCH tenants idle cost (%d tenants; after minus before, divided by %d):%n",
        TENANTS, TENANTS);
    long rss = 0;
    long heap = 0;
    int fds = 0;
    for (String service : SERVICES) {
      Resources b = before.services().get(service);
      Resources a = after.services().get(service);
      rss += a.rssKb() - b.rssKb();
      heap += a.heapKb() - b.heapKb();
      fds += a.fds() - b.fds();
      System.out.printf(
          "BENCH tenants idle cost %-16s RSS %6.1f -> %6.1f MiB (%+.1f KiB/tenant), heap after"
              + " GC %6.1f -> %6.1f MiB (%+.1f KiB/tenant), open files %d -> %d (%+.3f/tenant),"
              + " PostgreSQL connections %d -> %d (%+.4f/tenant)%n",
          service,
          b.rssKb() / 1024.0,
          a.rssKb() / 1024.0,
          (a.rssKb() - b.rssKb()) / (double) TENANTS,
          b.heapKb() / 1024.0,
          a.heapKb() / 1024.0,
          (a.heapKb() - b.heapKb()) / (double) TENANTS,
          b.fds(),
          a.fds(),
          (a.fds() - b.fds()) / (double) TENANTS,
          b.pgConnections(),
          a.pgConnections(),
          (a.pgConnections() - b.pgConnections()) / (double) TENANTS);
    }
    System.out.printf(
        "BENCH tenants idle cost all services: RSS %+.1f KiB/tenant, heap %+.1f KiB/tenant, open"
            + " files %+.3f/tenant; PostgreSQL client connections (whole server) %d -> %d"
            + " (%+.4f/tenant), database size %.1f -> %.1f MiB (%+.1f KiB/tenant)%n",
        rss / (double) TENANTS,
        heap / (double) TENANTS,
        fds / (double) TENANTS,
        before.pgConnections(),
        after.pgConnections(),
        (after.pgConnections() - before.pgConnections()) / (double) TENANTS,
        before.dbBytes() / 1048576.0,
        after.dbBytes() / 1048576.0,
        (after.dbBytes() - before.dbBytes()) / 1024.0 / TENANTS);
  }

  /** The local stack's PostgreSQL, as {@code devflow up} announced it. */
  private static final class Database {
    private final String jdbc;
    private final String user;
    private final String password;
    private final int port;

    Database(String url) {
      URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
      String[] credentials = uri.getRawUserInfo().split(":", 2);
      this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
      this.jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath();
      this.user = credentials[0];
      this.password = credentials.length > 1 ? credentials[1] : "";
    }

    int port() {
      return port;
    }

    int clientConnections() throws Exception {
      return (int)
          query(
              "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                  + " AND pid <> pg_backend_pid()");
    }

    long size() throws Exception {
      return query("SELECT pg_database_size(current_database())");
    }

    private long query(String sql) throws Exception {
      try (Connection c = DriverManager.getConnection(jdbc, user, password);
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  // ---------------------------------------------------------------- workload

  /** A few Markdown documents per active tenant, and a workflow, so reads find something. */
  private void seed(int active) throws Exception {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(SEEDERS);
    List<Future<String>> sources = new ArrayList<>();
    for (int i = 0; i < active; i++) {
      int n = i;
      sources.add(
          pool.submit(
              () -> {
                request(
                    "workflow create",
                    n,
                    "POST",
                    "/api/v1/workflows",
                    "{\"format\":\"yaml\",\"source\":\"name: bench-plan\\nphases:\\n  - name: plan\\n"
                        + "  - name: build\\n\"}");
                return upload(n, "Handbook");
              }));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> f : sources) {
      ids.add(f.get());
    }
    pool.shutdown();
    double submitted = (System.nanoTime() - started) / 1e9;
    for (int i = 0; i < active; i++) {
      if (ids.get(i) != null) {
        awaitSource(i, ids.get(i), Duration.ofSeconds(300));
      }
    }
    System.out.printf(
        "BENCH tenants seeding: %d tenants x (3 Markdown documents + 1 workflow) submitted in %.1f"
            + " s, all ingested after %.1f s%n",
        active, submitted, (System.nanoTime() - started) / 1e9);
    classes.clear();
  }

  private void drive(int active, LoopbackSite site) throws Exception {
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(SECONDS).toNanos();
    AtomicLong sent = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          start(
              "bench-client-" + t,
              () -> {
                long interval = RATE > 0 ? (long) (THREADS * 1e9 / RATE) : 0;
                // Spread the threads' schedules over one interval.
                long next = started + interval * thread / THREADS;
                while (System.nanoTime() < end) {
                  long intended = System.nanoTime();
                  if (interval > 0) {
                    intended = next;
                    next += interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                      sleepNanos(wait);
                    }
                    if (intended >= end) {
                      break;
                    }
                  }
                  oneRequest(ThreadLocalRandom.current().nextInt(active), intended);
                  sent.incrementAndGet();
                }
              }));
    }
    Thread background =
        start(
            "bench-background",
            () -> {
              int n = 0;
              while (System.nanoTime() < end - Duration.ofSeconds(2).toNanos()) {
                int tenant = n++ % active;
                try {
                  crawlAndUpload(tenant, site, end);
                } catch (Exception e) {
                  System.out.printf("BENCH tenants background failed: %s%n", e);
                }
              }
            });
    for (Thread t : threads) {
      t.join();
    }
    background.join(Duration.ofSeconds(180).toMillis());
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "BENCH tenants workload: %d s across %d active tenants (of %d), %d client threads, %s;"
            + " %d foreground requests = %.1f/s%n",
        SECONDS,
        active,
        TENANTS,
        THREADS,
        RATE > 0
            ? "paced at " + RATE + " requests/s (latency from the intended start)"
            : "closed loop",
        sent.get(),
        sent.get() / seconds);
  }

  private void oneRequest(int tenant, long intended) {
    String word = WORDS.get(ThreadLocalRandom.current().nextInt(WORDS.size()));
    int pick = ThreadLocalRandom.current().nextInt(100);
    if (pick < 30) {
      timed(
          "search keyword",
          tenant,
          "GET",
          "/api/v1/search?mode=keyword&query=" + word,
          null,
          intended);
    } else if (pick < 50) {
      timed(
          "search hybrid",
          tenant,
          "GET",
          "/api/v1/search?mode=hybrid&query=" + word,
          null,
          intended);
    } else if (pick < 75) {
      mcpSearch(tenant, word, intended);
    } else if (pick < 88) {
      timed("workflows list", tenant, "GET", "/api/v1/workflows", null, intended);
    } else {
      timed("runs list", tenant, "GET", "/api/v1/runs", null, intended);
    }
  }

  /** One crawl of the loopback site and one upload for {@code tenant}, each until ingested. */
  private void crawlAndUpload(int tenant, LoopbackSite site, long end) throws Exception {
    long t0 = System.nanoTime();
    String crawl =
        request(
            "crawl submit",
            tenant,
            "POST",
            "/api/v1/sources",
            "{\"name\":\"Loopback docs "
                + UUID.randomUUID()
                + "\",\"url\":\""
                + site.indexUrl()
                + "\",\"maxDepth\":2,\"maxPages\":20}");
    if (crawl != null) {
      awaitSource(tenant, JSON.readTree(crawl).path("id").asText(), Duration.ofSeconds(120));
      recorder("(background) crawl of 21 pages, submit to done")
          .add((System.nanoTime() - t0) / 1e6);
    }
    long t1 = System.nanoTime();
    String upload = upload(tenant, "More notes " + UUID.randomUUID());
    if (upload != null) {
      awaitSource(tenant, upload, Duration.ofSeconds(120));
      recorder("(background) upload of 3 documents, submit to done")
          .add((System.nanoTime() - t1) / 1e6);
    }
  }

  /** Uploads three Markdown documents as a new source; returns its id, or null. */
  private String upload(int tenant, String name) throws Exception {
    String boundary = "devflow-" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    body.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n")
        .append(name)
        .append("\r\n");
    for (int d = 0; d < 3; d++) {
      StringBuilder md = new StringBuilder("# Notes " + d + " of " + slug(tenant) + "\n\n");
      for (int p = 0; p < 4; p++) {
        String a = WORDS.get((tenant + d * 4 + p) % WORDS.size());
        String b = WORDS.get((tenant + d * 4 + p + 5) % WORDS.size());
        md.append("## ")
            .append(a)
            .append("\n\nWhen the ")
            .append(a)
            .append(" step runs, the team checks the ")
            .append(b)
            .append(" settings first, then records the outcome in the runbook of ")
            .append(slug(tenant))
            .append(".\n\n```bash\ndevflow ")
            .append(a)
            .append(" --")
            .append(b)
            .append("\n```\n\n");
      }
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"files\"; filename=\"notes-")
          .append(d)
          .append(".md\"\r\nContent-Type: text/markdown\r\n\r\n")
          .append(md)
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    long t0 = System.nanoTime();
    HttpResponse<String> r;
    try {
      r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(gateway + "/api/v1/sources/uploads"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + keys[tenant])
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      recorder("upload submit").failed();
      return null;
    }
    recorder("upload submit").record((System.nanoTime() - t0) / 1e6, r.statusCode());
    return r.statusCode() == 201 ? JSON.readTree(r.body()).path("sourceId").asText() : null;
  }

  private void awaitSource(int tenant, String id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String source = request("source status", tenant, "GET", "/api/v1/sources/" + id, null);
      if (source != null
          && (source.contains("\"status\":\"done\"") || source.contains("\"status\":\"failed\""))) {
        if (source.contains("\"status\":\"failed\"")) {
          System.out.printf("BENCH tenants source %s of %s failed: %s%n", id, slug(tenant), source);
        }
        return;
      }
      Thread.sleep(500);
    }
    System.out.printf(
        "BENCH tenants source %s of %s not ingested in %s%n", id, slug(tenant), timeout);
  }

  private void mcpSearch(int tenant, String word, long intended) {
    String session = mcpSessions.get(tenant);
    if (session == null) {
      long t0 = System.nanoTime();
      HttpResponse<String> init =
          mcp(
              tenant,
              null,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                  + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\","
                  + "\"version\":\"1\"}}}");
      if (init == null) {
        recorder("mcp initialize").failed();
        return;
      }
      recorder("mcp initialize").record((System.nanoTime() - t0) / 1e6, init.statusCode());
      session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
      if (init.statusCode() != 200 || session == null) {
        return;
      }
      mcp(tenant, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      mcpSessions.put(tenant, session);
      intended = System.nanoTime();
    }
    HttpResponse<String> r =
        mcp(
            tenant,
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"search_knowledge\",\"arguments\":{\"query\":\""
                + word
                + "\",\"mode\":\"keyword\"}}}");
    Recorder rec = recorder("mcp tools/call search_knowledge");
    if (r == null) {
      rec.failed();
      return;
    }
    int status = r.statusCode();
    if (status == 200 && !r.body().contains("\"result\"")) {
      status = 599; // a JSON-RPC error inside a 200
    }
    if (status == 404) {
      mcpSessions.remove(tenant); // session gone: start a new one next time
    }
    rec.record((System.nanoTime() - intended) / 1e6, status);
  }

  private HttpResponse<String> mcp(int tenant, String session, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gateway + "/mcp"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + keys[tenant])
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void timed(
      String routeClass, int tenant, String method, String path, String json, long intended) {
    HttpResponse<String> r = send(method, path, keys[tenant], json, 30);
    Recorder rec = recorder(routeClass);
    if (r == null) {
      rec.failed();
    } else {
      rec.record((System.nanoTime() - intended) / 1e6, r.statusCode());
    }
  }

  /** A timed call; returns the body of a 2xx answer, else null. */
  private String request(String routeClass, int tenant, String method, String path, String json) {
    long t0 = System.nanoTime();
    HttpResponse<String> r = send(method, path, keys[tenant], json, 30);
    Recorder rec = recorder(routeClass);
    if (r == null) {
      rec.failed();
      return null;
    }
    rec.record((System.nanoTime() - t0) / 1e6, r.statusCode());
    return r.statusCode() / 100 == 2 ? r.body() : null;
  }

  private HttpResponse<String> send(
      String method, String path, String key, String json, int timeoutSeconds) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gateway + path))
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.start();
    return t;
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- results

  private Recorder recorder(String routeClass) {
    return classes.computeIfAbsent(routeClass, c -> new Recorder());
  }

  /** Latencies of one route class (ms) and its answers by kind. */
  private static final class Recorder {
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    void record(double ms, int status) {
      latencies.add(ms);
      if (status / 100 == 2) {
        ok.incrementAndGet();
      } else if (status == 429) {
        limited.incrementAndGet();
      } else {
        errors.incrementAndGet();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      }
    }

    void add(double ms) {
      latencies.add(ms);
      ok.incrementAndGet();
    }

    void failed() {
      errors.incrementAndGet();
      unanswered.incrementAndGet();
      statuses.computeIfAbsent(0, s -> new AtomicInteger()).incrementAndGet();
    }
  }

  private void printTable() {
    System.out.printf(
        "BENCH tenants %-52s %7s %8s %8s %8s %6s %6s  %-6s %-10s%n",
        "route class",
        "count",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "429s",
        "errors",
        "Team",
        "Enterprise");
    List<String> names = new ArrayList<>(classes.keySet());
    Collections.sort(names);
    for (String name : names) {
      Recorder r = classes.get(name);
      List<Double> l;
      synchronized (r.latencies) {
        l = new ArrayList<>(r.latencies);
      }
      double p95 = pct(l, 95);
      boolean slo = !name.startsWith("(background)");
      System.out.printf(
          "BENCH tenants %-52s %7d %8.1f %8.1f %8.1f %6d %6d  %-6s %-10s%s%n",
          name,
          l.size() + r.unanswered.get(),
          pct(l, 50),
          p95,
          pct(l, 99),
          r.limited.get(),
          r.errors.get(),
          slo ? (p95 <= 500 ? "PASS" : "MISS") : "-",
          slo ? (p95 <= 200 ? "PASS" : "MISS") : "-",
          r.statuses.isEmpty() ? "" : "  non-2xx by status (0 = no answer): " + r.statuses);
    }
  }

  private static double pct(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
