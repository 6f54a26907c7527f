package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * deploy/onprem/nginx.conf rewritten for a temporary prefix on loopback: container names become
 * 127.0.0.1 ports, the certificate is a fresh self-signed one, logs go to the prefix. Every
 * replaced line must exist, so the test breaks rather than silently checking something else.
 */
final class NginxSite {

  private NginxSite() {}

  /** Writes nginx.conf and a self-signed certificate under {@code prefix}; returns the conf. */
  static Path render(Path prefix, int gateway, int dashboard, int http, int https) {
    try {
      Files.createDirectories(prefix.resolve("logs"));
      Path key = prefix.resolve("devflow.key");
      Path crt = prefix.resolve("devflow.crt");
      DeployTools.Run cert =
          DeployTools.run(
              prefix,
              Map.of(),
              "openssl",
              "req",
              "-x509",
              "-nodes",
              "-days",
              "1",
              "-newkey",
              "rsa:2048",
              "-subj",
              "/CN=localhost",
              "-addext",
              "subjectAltName=DNS:localhost,IP:127.0.0.1",
              "-keyout",
              key.toString(),
              "-out",
              crt.toString());
      assertThat(cert.exit()).as("openssl: %s", cert.output()).isZero();

      Map<String, String> replace = new LinkedHashMap<>();
      replace.put("server api-gateway:8080;", "server 127.0.0.1:" + gateway + ";");
      replace.put("server web-dashboard:8080;", "server 127.0.0.1:" + dashboard + ";");
      replace.put("/etc/nginx/ssl/devflow.crt", crt.toString());
      replace.put("/etc/nginx/ssl/devflow.key", key.toString());
      replace.put("/var/log/nginx/", prefix.resolve("logs") + "/");
      replace.put("root /var/www/certbot;", "root " + prefix + ";");
      replace.put("listen 80;", "listen 127.0.0.1:" + http + ";");
      replace.put("listen [::]:80;", "");
      replace.put("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;");
      replace.put("listen [::]:443 ssl http2;", "");
      replace.put(
          "worker_processes auto;",
          "worker_processes 1;\npid " + prefix.resolve("nginx.pid") + ";");
      String conf = DeployTools.read(DeployTools.repo().resolve("deploy/onprem/nginx.conf"));
      for (Map.Entry<String, String> e : replace.entrySet()) {
        assertThat(conf).as("nginx.conf still says " + e.getKey()).contains(e.getKey());
        conf = conf.replace(e.getKey(), e.getValue());
      }
      Path file = prefix.resolve("nginx.conf");
      DeployTools.write(file, conf);
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
