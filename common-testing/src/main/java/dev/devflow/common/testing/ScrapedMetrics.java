package dev.devflow.common.testing;

import static io.restassured.RestAssured.given;

import java.util.Optional;

/** The service's own /q/metrics, scraped as Prometheus would, for tests of its metrics. */
public final class ScrapedMetrics {

  private final String text;

  private ScrapedMetrics(String text) {
    this.text = text;
  }

  /** Scrapes /q/metrics of the application under test. */
  public static ScrapedMetrics scrape() {
    return new ScrapedMetrics(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }

  public String text() {
    return text;
  }

  /**
   * The value of one series, named as the exposition format writes it, e.g. {@code
   * devflow_ingest_pages_total{outcome="failed"}}; empty when the scrape has no such series.
   */
  public Optional<Double> value(String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
      }
    }
    return Optional.empty();
  }

  /** The value of the series, or 0 when it is absent. */
  public double valueOrZero(String series) {
    return value(series).orElse(0.0);
  }
}
