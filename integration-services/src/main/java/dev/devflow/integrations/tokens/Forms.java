package dev.devflow.integrations.tokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** application/x-www-form-urlencoded and query strings. */
final class Forms {

  private Forms() {}

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .filter(e -> e.getValue() != null)
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
