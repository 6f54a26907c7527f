package dev.devflow.mcpgateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A raw MCP initialize request over HTTP, to check what the door does before any tool runs. */
public final class Initialize {

  private Initialize() {}

  public static final String BODY =
      """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
      "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

  public static RequestSpecification request() {
    return given()
        .contentType(ContentType.JSON)
        .accept("application/json, text/event-stream")
        .body(BODY);
  }
}
