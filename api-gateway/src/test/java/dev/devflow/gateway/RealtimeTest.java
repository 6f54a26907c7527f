package dev.devflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.common.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SaasMode.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
@QuarkusTestResource(FakeServices.class)
class RealtimeTest {

  @Inject Fixtures fixtures;

  @Inject
  @DataSource("owner")
  AgroalDataSource owner;

  @TestHTTPResource("/ws")
  URI ws;

  @Test
  void eachDashboardReceivesItsOwnTenantsEventsOnly() throws Exception {
    String red = fixtures.aTenant("red_team", "pro");
    String blue = fixtures.aTenant("blue_team", "pro");
    Feed redFeed = connect(red);
    Feed blueFeed = connect(blue);
    assertThat(redFeed.next()).contains("welcome").contains("red_team");
    assertThat(blueFeed.next()).contains("welcome");

    publish("red_team", "crawl.done", "source-7");

    assertThat(redFeed.next()).contains("\"type\" : \"crawl.done\"").contains("source-7");
    assertThat(blueFeed.poll(Duration.ofSeconds(1))).isNull();
  }

  @Test
  void aHandshakeWithoutAValidKeyIsRefused() {
    assertThatThrownBy(() -> connect("dfk_000000000000_" + "x".repeat(32)))
        .rootCause()
        .hasMessageContaining("status code 401");
  }

  @Test
  void theFeedSurvivesADatabaseRestart() throws Exception {
    Assumptions.assumeFalse(TestPostgres.isExternal());
    String key = fixtures.aTenant("green_team", "pro");
    Feed feed = connect(key);
    feed.next();
    TestPostgres.stop();
    Thread.sleep(1_500);
    TestPostgres.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String received = null;
    while (received == null && System.nanoTime() < deadline) {
      try {
        publish("green_team", "agent.started", "agent-1");
        received = feed.poll(Duration.ofSeconds(1));
      } catch (java.sql.SQLException stillStarting) {
        Thread.sleep(300);
      }
    }
    assertThat(received).contains("agent.started");
  }

  private void publish(String tenant, String type, String subject) throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute("select 1");
      c.setAutoCommit(false);
      var insert =
          c.prepareStatement(
              "insert into tenant_"
                  + tenant
                  + ".events (type, source, subject) values (?, 'test', ?)"
                  + " returning id");
      insert.setString(1, type);
      insert.setString(2, subject);
      var rs = insert.executeQuery();
      rs.next();
      long id = rs.getLong(1);
      s.execute(
          "select pg_notify('devflow_events', '{\"tenant\":\""
              + tenant
              + "\",\"id\":"
              + id
              + ",\"type\":\""
              + type
              + "\"}')");
      c.commit();
    }
  }

  private Feed connect(String key) throws Exception {
    Feed feed = new Feed();
    URI uri = URI.create(ws.toString().replace("http", "ws") + "?access_token=" + key);
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(uri, feed)
        .get(10, TimeUnit.SECONDS);
    return feed;
  }

  /** Collects the text frames a socket receives. */
  static final class Feed implements WebSocket.Listener {
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    String next() throws InterruptedException {
      String frame = frames.poll(10, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 10 s").isNotNull();
      return frame;
    }

    String poll(Duration wait) throws InterruptedException {
      return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
