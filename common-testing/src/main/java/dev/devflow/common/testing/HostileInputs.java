package dev.devflow.common.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks every route of a service's own OpenAPI document with hostile input: NUL characters, half a
 * surrogate pair, 1 MB strings, 10,000-deep JSON, wrong types, trailing garbage, duplicate keys,
 * unclosed multipart bodies, bodies over the size limit, and NUL or broken escapes in path and
 * query parameters. Every answer must be a 4xx problem document (or a success for input that is
 * merely odd), never a 5xx; the service must still be ready afterwards. New routes are covered the
 * day they are added, without anyone remembering to.
 */
public final class HostileInputs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NUL = "nul\u0000inside";
  private static final String SURROGATE = "half \ud800 pair";
  private static final String HUGE = "x".repeat(1_000_000);

  /** What a walk found. */
  public record Report(
      int routes, int probes, List<String> serverErrors, List<String> notProblems) {
    @Override
    public String toString() {
      return routes
          + " routes, "
          + probes
          + " probes, "
          + serverErrors.size()
          + " 5xx, "
          + notProblems.size()
          + " 4xx without a problem document";
    }
  }

  private final JsonNode document;
  private final List<String> serverErrors = new ArrayList<>();
  private final List<String> notProblems = new ArrayList<>();
  private int probes;
  private int routes;

  private HostileInputs(JsonNode document) {
    this.document = document;
  }

  /** Walks the service's own routes (its OpenAPI document) and reports what came back. */
  public static Report walk() throws Exception {
    return walk(false);
  }

  /**
   * As {@link #walk()}, and with {@code mcp} the MCP endpoint too: JSON-RPC with hostile values,
   * where a protocol error (a JSON-RPC error, or a 4xx) is the right answer and a 5xx never is.
   */
  public static Report walk(boolean mcp) throws Exception {
    JsonNode doc = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
    HostileInputs walk = new HostileInputs(doc);
    walk.run();
    if (mcp) {
      walk.probeMcp();
    }
    return new Report(walk.routes, walk.probes, walk.serverErrors, walk.notProblems);
  }

  private void probeMcp() {
    routes++;
    String init =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"%s\",\"version\":\"1\"}}}";
    for (String body :
        List.of(
            init.formatted("nul\\u0000inside"),
            init.formatted("half \\ud800 pair"),
            init.formatted(HUGE),
            init + " trailing",
            "[".repeat(10_000) + "]".repeat(10_000),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"search_knowledge\",\"arguments\":{\"query\":\"nul\\u0000\"}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":[1,2]},\"method\":\"\\u0000\"}",
            "not json")) {
      mcp(body, null);
    }
    mcp(init.formatted("x"), "nul\u0000session");
    mcp(init.formatted("x"), "00000000-0000-0000-0000-00000000dead");
  }

  private void mcp(String body, String session) {
    probes++;
    RequestSpecification request =
        given()
            .contentType("application/json")
            .accept("application/json, text/event-stream")
            .body(body);
    if (session != null) {
      request = request.header("Mcp-Session-Id", session);
    }
    try {
      int status = request.post("/mcp").statusCode();
      if (status >= 500) {
        serverErrors.add(status + " POST /mcp " + abbreviate(body));
      }
    } catch (Exception e) {
      // a refused header value never reached the server
    }
  }

  private void run() {
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (path.getKey().startsWith("/internal/") || path.getKey().startsWith("/test/")) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
      while (operations.hasNext()) {
        Map.Entry<String, JsonNode> op = operations.next();
        String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          continue;
        }
        routes++;
        probeRoute(method, path.getKey(), op.getValue());
      }
    }
  }

  private void probeRoute(String method, String template, JsonNode operation) {
    List<JsonNode> parameters = new ArrayList<>();
    operation.path("parameters").forEach(parameters::add);
    String path = fill(template, parameters, null);
    // Path parameters with NUL and a broken escape.
    for (JsonNode p : parameters) {
      if ("path".equals(p.path("in").asText())) {
        send(method, fill(template, parameters, p.path("name").asText()), null, null);
      }
    }
    // Query parameters with NUL, a broken escape and a huge value.
    for (JsonNode p : parameters) {
      if ("query".equals(p.path("in").asText())) {
        for (String bad : List.of("%00x", "%ED%A0%80", "x".repeat(10_000))) {
          send(method, path + "?" + p.path("name").asText() + "=" + bad, null, null);
        }
      }
    }
    if (List.of("GET", "DELETE").contains(method)) {
      return;
    }
    JsonNode content = operation.path("requestBody").path("content");
    if (content.has("multipart/form-data")) {
      probeMultipart(method, path, content.path("multipart/form-data").path("schema"));
    }
    if (content.has("application/json") || content.isMissingNode() || content.isEmpty()) {
      probeJson(method, path, schemaOf(content.path("application/json").path("schema")));
    }
  }

  private void probeJson(String method, String path, JsonNode schema) {
    ObjectNode valid = sample(schema);
    List<String> strings = new ArrayList<>();
    List<String> others = new ArrayList<>();
    schemaOf(schema)
        .path("properties")
        .fields()
        .forEachRemaining(
            f -> {
              String type = schemaOf(f.getValue()).path("type").asText();
              (type.equals("string") ? strings : others).add(f.getKey());
            });
    for (String field : strings) {
      for (String bad : List.of(NUL, SURROGATE, HUGE)) {
        ObjectNode body = valid.deepCopy();
        body.put(field, bad);
        send(method, path, "application/json", body.toString());
      }
      ObjectNode wrong = valid.deepCopy();
      wrong.putArray(field).add(1);
      send(method, path, "application/json", wrong.toString());
    }
    for (String field : others) {
      ObjectNode wrong = valid.deepCopy();
      wrong.put(field, "not-" + field);
      send(method, path, "application/json", wrong.toString());
    }
    send(method, path, "application/json", "[".repeat(10_000) + "]".repeat(10_000));
    send(method, path, "application/json", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
    send(method, path, "application/json", valid + " trailing garbage");
    String duplicated =
        valid.size() == 0
            ? "{\"x\":1,\"x\":2}"
            : "{"
                + valid.toString().substring(1, valid.toString().length() - 1)
                + ","
                + valid.toString().substring(1);
    send(method, path, "application/json", duplicated);
    send(method, path, "application/json", "{\"broken\": \"\\ud800\"}");
    send(method, path, "application/json", "not json at all");
    oversized(method, path);
  }

  /**
   * A body that says it is larger than any route takes (11 MB): its first 64 KB are sent, then the
   * answer is read. The server may answer at once (a 413 problem) or wait for the rest; it may not
   * fail.
   */
  private void oversized(String method, String path) {
    probes++;
    int port = io.restassured.RestAssured.port;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      var out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 11534336\r\nConnection: close\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      String answer =
          new String(
              socket.getInputStream().readNBytes(8192), java.nio.charset.StandardCharsets.UTF_8);
      if (answer.isEmpty()) {
        return;
      }
      int status = Integer.parseInt(answer.substring(9, 12));
      String what = method + " " + abbreviate(path) + " with an 11 MB body";
      if (status >= 500) {
        serverErrors.add(status + " " + what);
      } else if (status >= 400
          && !answer.toLowerCase(java.util.Locale.ROOT).contains("application/problem+json")) {
        notProblems.add(status + " " + what);
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no answer before the server closed or the timeout: it waited for the body, or refused it
    }
  }

  private void probeMultipart(String method, String path, JsonNode schema) {
    String boundary = "devflowhostile";
    String unclosed =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nhalf a form";
    send(method, path, "multipart/form-data; boundary=" + boundary, unclosed);
    String nulName =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
            + NUL
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\u0000.md\"\r\n"
            + "Content-Type: text/markdown\r\n\r\n# A\r\n--"
            + boundary
            + "--\r\n";
    send(method, path, "multipart/form-data; boundary=" + boundary, nulName);
    send(method, path, "multipart/form-data", "no boundary at all");
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder()
          .connectTimeout(java.time.Duration.ofSeconds(5))
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .build();

  /** Sent with the JDK's client: no test filter re-reads (or logs) a megabyte body. */
  private void send(String method, String path, String contentType, String body) {
    probes++;
    String what = method + " " + abbreviate(path) + (body == null ? "" : " " + abbreviate(body));
    java.net.http.HttpResponse<String> response;
    try {
      java.net.http.HttpRequest.Builder request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + path))
              .timeout(java.time.Duration.ofSeconds(30))
              .method(
                  method,
                  body == null
                      ? java.net.http.HttpRequest.BodyPublishers.noBody()
                      : java.net.http.HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      response = sendOnce(request.build());
    } catch (IllegalArgumentException e) {
      return; // a URI no client can send
    } catch (Exception e) {
      serverErrors.add("no answer (" + e.getClass().getSimpleName() + ") " + what);
      return;
    }
    int status = response.statusCode();
    if (status >= 500) {
      serverErrors.add(status + " " + what);
    } else if (status >= 400) {
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("application/problem+json")) {
        notProblems.add(status + " " + what + " (" + type + ")");
      }
    }
  }

  /** A closed pooled connection (after a refused oversized body) is not the server failing. */
  private static java.net.http.HttpResponse<String> sendOnce(java.net.http.HttpRequest request)
      throws Exception {
    try {
      return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException first) {
      return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String abbreviate(String s) {
    String clean = s.replace("\u0000", "\\0").replaceAll("[\\uD800-\\uDFFF]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }

  private String fill(String template, List<JsonNode> parameters, String poisoned) {
    String path = template;
    for (JsonNode p : parameters) {
      if (!"path".equals(p.path("in").asText())) {
        continue;
      }
      String name = p.path("name").asText();
      String type = schemaOf(p.path("schema")).path("type").asText();
      String value = type.equals("integer") ? "1" : "00000000-0000-0000-0000-000000000001";
      if (name.equals(poisoned)) {
        value = value + "%00%ED%A0%80";
      }
      path = path.replace("{" + name + "}", value);
    }
    return path;
  }

  /** A body that matches the schema's shape with plain values. */
  private ObjectNode sample(JsonNode schema) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    schemaOf(schema)
        .path("properties")
        .fields()
        .forEachRemaining(f -> properties.put(f.getKey(), f.getValue()));
    properties.forEach(
        (name, property) -> {
          JsonNode p = schemaOf(property);
          switch (p.path("type").asText()) {
            case "integer", "number" -> body.put(name, 1);
            case "boolean" -> body.put(name, true);
            case "array" -> body.putArray(name);
            case "object" -> body.putObject(name);
            default -> body.put(name, p.has("enum") ? p.path("enum").get(0).asText() : "x");
          }
        });
    return body;
  }

  /** Follows a $ref into the document's components. */
  private JsonNode schemaOf(JsonNode schema) {
    JsonNode s = schema;
    for (int i = 0; i < 5 && s.has("$ref"); i++) {
      String ref = s.path("$ref").asText();
      s = document.at(ref.substring(1));
    }
    if (s.has("allOf") && s.path("allOf").size() == 1) {
      return schemaOf(s.path("allOf").get(0));
    }
    return s;
  }
}
