import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * The floor for a proxy on the gateway's stack: Vert.x's reverse proxy (the library the gateway
 * forwards with) on one server per event loop, each with its own client, and nothing else: no
 * Quarkus, no routing, no authentication, no rate limit, no metrics. proxy.sh runs it beside the
 * gateway and nginx, so what the gateway adds above it is ours to cut, and what it adds above nginx
 * is Vert.x's (NettyProxy.java and VertxNettyProxy.java show how much of that is the JVM's).
 *
 * <p>Usage: {@code java -cp <the gateway's lib/main jars> BareProxy.java <port> <upstream port>}.
 */
public class BareProxy {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int upstream = Integer.parseInt(args[1]);
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx
        .deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start() {
                    HttpProxy proxy =
                        HttpProxy.reverseProxy(
                                vertx.createHttpClient(
                                    new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)))
                            .origin(upstream, "127.0.0.1");
                    vertx
                        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                        .requestHandler(proxy)
                        .listen();
                  }
                },
            new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("bare proxy listening on " + port))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }
}
