package dev.devflow.cli;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/**
 * A stand-in for a DevFlow service, run as its own JVM by the tests: {@code ready <delayMillis>}
 * answers {@code /health/ready} with 503 until the delay has passed and 200 after; {@code fail}
 * exits with code 1 at once. Like the real services it takes its port from QUARKUS_HTTP_PORT.
 */
public final class FakeService {

  private FakeService() {}

  public static void main(String[] args) throws Exception {
    System.out.println("DEVFLOW_MODE=" + System.getenv("DEVFLOW_MODE"));
    System.out.println("DATABASE_URL=" + System.getenv("DATABASE_URL"));
    if (args[0].equals("fail")) {
      System.out.println("boom: cannot connect to the database");
      System.exit(1);
    }
    long readyAt = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
    int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/health/ready",
        exchange -> {
          exchange.sendResponseHeaders(System.nanoTime() >= readyAt ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
    System.out.println("listening on " + port);
  }
}
