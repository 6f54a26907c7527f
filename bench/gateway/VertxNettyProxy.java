import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Splits BareProxy's cost between Vert.x's HTTP server and its client: Vert.x's server in front,
 * as in the gateway, but the upstream exchange on Netty's HTTP client codec, on the request's own
 * event loop with a keep-alive pool per loop. Bodiless requests only (the benchmark's GETs).
 *
 * <p>Usage: {@code java -cp <the gateway's lib/main jars> VertxNettyProxy.java <port> <upstream
 * port>}.
 */
public class VertxNettyProxy {
  private static final ThreadLocal<ArrayDeque<Channel>> IDLE =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static int upstream;

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    upstream = Integer.parseInt(args[1]);
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx
        .deployVerticle(
            () ->
                new AbstractVerticle() {
                  @Override
                  public void start() {
                    vertx
                        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                        .requestHandler(VertxNettyProxy::forward)
                        .listen();
                  }
                },
            new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("vert.x + netty proxy listening on " + port));
  }

  private static void forward(HttpServerRequest request) {
    DefaultHttpRequest out =
        new DefaultHttpRequest(
            io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
            io.netty.handler.codec.http.HttpMethod.valueOf(request.method().name()),
            request.uri());
    for (Map.Entry<String, String> header : request.headers()) {
      out.headers().add(header.getKey(), header.getValue());
    }
    out.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + upstream);
    Channel idle = IDLE.get().pollFirst();
    if (idle != null && idle.isActive()) {
      ((Back) idle.pipeline().last()).request = request;
      idle.write(out);
      idle.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    Back back = new Back(request);
    new Bootstrap()
        .group(((ContextInternal) Vertx.currentContext()).nettyEventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), back);
              }
            })
        .connect("127.0.0.1", upstream)
        .addListener(
            (ChannelFutureListener)
                connected -> {
                  if (!connected.isSuccess()) {
                    request.response().setStatusCode(502).end();
                    return;
                  }
                  connected.channel().write(out);
                  connected.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                });
  }

  /** An upstream connection: copies the answer into Vert.x's response, then goes back idle. */
  private static final class Back extends ChannelInboundHandlerAdapter {
    private HttpServerRequest request;

    Back(HttpServerRequest request) {
      this.request = request;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      HttpServerResponse response = request.response();
      if (msg instanceof HttpResponse head) {
        response.setStatusCode(head.status().code());
        for (Map.Entry<String, String> header : head.headers()) {
          response.headers().add(header.getKey(), header.getValue());
        }
      }
      if (msg instanceof HttpContent content) {
        Buffer chunk = Buffer.buffer(content.content().copy());
        content.release();
        if (msg instanceof LastHttpContent) {
          request = null;
          IDLE.get().addFirst(ctx.channel());
          response.end(chunk);
        } else {
          response.write(chunk);
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IDLE.get().remove(ctx.channel());
      if (request != null) {
        request.connection().close();
      }
    }
  }
}
