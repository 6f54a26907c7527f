package dev.devflow.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/onprem/nginx.conf passes {@code nginx -t} with Debian's nginx. */
class NginxConfigIT {

  @TempDir Path prefix;

  @Test
  void onPremNginxConfigurationPassesNginxTest() {
    DeployTools.assumeTool("nginx", "nginx");
    Path conf = NginxSite.render(prefix, 18080, 18081, 18082, 18443);

    DeployTools.Run test =
        DeployTools.run(prefix, Map.of(), "nginx", "-t", "-p", prefix + "/", "-c", conf.toString());

    assertThat(test.exit()).as("nginx -t: %s", test.output()).isZero();
    assertThat(test.output()).contains("test is successful");
  }

  @Test
  void aBrokenConfigurationIsCaughtByTheSameCheck() {
    DeployTools.assumeTool("nginx", "nginx");
    Path conf = NginxSite.render(prefix, 18080, 18081, 18082, 18443);
    DeployTools.write(
        conf, DeployTools.read(conf).replace("proxy_buffering off;", "proxy_buffering maybe;"));

    DeployTools.Run test =
        DeployTools.run(prefix, Map.of(), "nginx", "-t", "-p", prefix + "/", "-c", conf.toString());

    assertThat(test.exit()).isNotZero();
    assertThat(test.output()).contains("proxy_buffering");
  }

  @Test
  void tlsStreamingAndUploadSettingsAreThere() {
    String conf = DeployTools.read(DeployTools.repo().resolve("deploy/onprem/nginx.conf"));
    int start = conf.indexOf("location /mcp");
    String mcp = conf.substring(start, conf.indexOf("location / {", start));

    assertThat(conf)
        .contains("ssl_protocols TLSv1.2 TLSv1.3;", "return 301 https://$host$request_uri;");
    assertThat(conf).contains("client_max_body_size", "Strict-Transport-Security");
    assertThat(mcp).contains("proxy_buffering off;", "proxy_read_timeout 1h;");
    assertThat(conf).contains("proxy_set_header Upgrade $http_upgrade;");
  }
}
