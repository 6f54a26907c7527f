package dev.devflow.agents.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * HTTP/1.1 over the engine's Unix socket, one connection per request ({@code Connection: close}).
 * The JDK's HTTP client cannot dial a Unix socket, and the few calls DevFlow makes (and lets
 * through its proxy) answer small JSON bodies, so a plain reader suffices: fixed length, chunked,
 * or until the engine closes.
 */
final class UnixSocketTransport implements DockerTransport {

  private static final int MAX_BODY = 16 * 1024 * 1024;
  private final Path socket;

  UnixSocketTransport(Path socket) {
    this.socket = socket;
  }

  @Override
  public Answer send(String method, String target, byte[] body) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: docker\r\nConnection: close\r\n");
      if (body != null) {
        head.append("Content-Type: application/json\r\n");
      }
      head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
      String status = line(in);
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("Docker answered something that is not HTTP: " + status);
      }
      int code = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      String contentType = "";
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "content-type" -> contentType = value;
          default -> {}
        }
      }
      byte[] content;
      if (chunked) {
        content = dechunk(in);
      } else if (length >= 0) {
        if (length > MAX_BODY) {
          throw new IOException("Docker's answer is larger than " + MAX_BODY + " bytes");
        }
        content = in.readNBytes((int) length);
      } else if (code == 204 || code == 304 || "HEAD".equals(method)) {
        content = new byte[0];
      } else {
        content = in.readNBytes(MAX_BODY);
      }
      return new Answer(code, contentType, content);
    }
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      if (body.size() + n > MAX_BODY) {
        throw new IOException("Docker's answer is larger than " + MAX_BODY + " bytes");
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
      if (line.size() > 65536) {
        throw new IOException("A header line of Docker's answer is too long");
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
