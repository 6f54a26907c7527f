import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * The JVM's floor for an HTTP reverse proxy, below Vert.x: Netty's HTTP codecs on both sides and
 * a keep-alive pool per event loop, so a request, its upstream exchange and the answer stay on one
 * thread, as in nginx's worker. No Vert.x, no routing, no pipelining, no error pages: it answers
 * one question, how much of what the gateway adds over nginx the JVM itself costs.
 *
 * <p>Usage: {@code java -cp <the gateway's lib/main jars> NettyProxy.java <port> <upstream port>}.
 */
public class NettyProxy {
  private static final ThreadLocal<ArrayDeque<Channel>> IDLE =
      ThreadLocal.withInitial(ArrayDeque::new);

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    int upstream = Integer.parseInt(args[1]);
    EventLoopGroup loops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
    new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new Front(upstream));
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("netty proxy listening on " + port);
  }

  /** The client's connection: each request goes to an idle upstream connection, or a new one. */
  private static final class Front extends ChannelInboundHandlerAdapter {
    private final int upstream;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private Channel out;
    private boolean connecting;

    Front(int upstream) {
      this.upstream = upstream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + upstream);
        Channel idle = IDLE.get().pollFirst();
        if (idle != null && idle.isActive()) {
          out = idle;
          ((Back) idle.pipeline().last()).front = ctx.channel();
        } else {
          connect(ctx);
        }
      }
      if (connecting) {
        waiting.add(msg);
      } else if (msg instanceof LastHttpContent) {
        out.writeAndFlush(msg);
      } else {
        out.write(msg);
      }
    }

    private void connect(ChannelHandlerContext ctx) {
      connecting = true;
      Back back = new Back(ctx.channel());
      ChannelFuture connected =
          new Bootstrap()
              .group(ctx.channel().eventLoop())
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpClientCodec(), back);
                    }
                  })
              .connect("127.0.0.1", upstream);
      out = connected.channel();
      connected.addListener(
          (ChannelFutureListener)
              done -> {
                connecting = false;
                if (!done.isSuccess()) {
                  ctx.close();
                  return;
                }
                for (Object m; (m = waiting.poll()) != null; ) {
                  out.write(m);
                }
                out.flush();
              });
    }
  }

  /** An upstream connection: relays the answer, then goes back to its loop's idle list. */
  private static final class Back extends ChannelInboundHandlerAdapter {
    private Channel front;

    Back(Channel front) {
      this.front = front;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof LastHttpContent) {
        front.writeAndFlush(msg);
        front = null;
        IDLE.get().addFirst(ctx.channel());
      } else if (msg instanceof HttpContent) {
        front.writeAndFlush(msg);
      } else {
        front.write(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      IDLE.get().remove(ctx.channel());
      if (front != null) {
        front.close();
      }
    }
  }
}
