package dev.devflow.knowledgehub.upload;

import static dev.devflow.knowledgehub.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.devflow.common.testing.InternalTokenTestResource;
import dev.devflow.common.testing.PostgresTestResource;
import dev.devflow.knowledgehub.support.Api;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

/** Multipart uploads: real PDF and DOCX files parsed by Tika, per-file 413 / 415 / 422. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(InternalTokenTestResource.class)
class UploadTest {

  @Test
  void goodFilesAreIngestedAndBadOnesAreReportedByName() throws IOException {
    JsonPath answer =
        as("alpha")
            .multiPart("name", "Runbooks")
            .multiPart("tags", "ops,runbooks")
            .multiPart(
                "files",
                "failover.pdf",
                pdf("Database failover runbook: promote the standby with pg_ctl promote."),
                "application/pdf")
            .multiPart(
                "files",
                "oncall.docx",
                docx(
                    "On-call handbook",
                    "Page the platypus rotation when latency exceeds the budget."),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .multiPart(
                "files",
                "deploy.md",
                "# Deploying\n\nShip with the kangaroo pipeline.\n\n```bash\nkangaroo ship --prod\n```\n"
                    .getBytes(),
                "text/markdown")
            .multiPart(
                "files",
                "guide.rst",
                "Guide\n=====\n\nThe wombat scheduler runs nightly.\n".getBytes(),
                "text/x-rst")
            .multiPart(
                "files",
                "Retry.java",
                "class Retry { int attempts = 3; }".getBytes(),
                "text/x-java")
            .multiPart(
                "files",
                "logo.png",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13},
                "image/png")
            .multiPart(
                "files",
                "broken.pdf",
                "%PDF-1.7 this is not really a pdf".getBytes(),
                "application/pdf")
            .multiPart("files", "huge.txt", "x".repeat(250_000).getBytes(), "text/plain")
            .post("/api/v1/sources/uploads")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();

    Map<String, Integer> statuses = new java.util.HashMap<>();
    List<Map<String, Object>> files = answer.getList("files");
    files.forEach(f -> statuses.put((String) f.get("name"), (Integer) f.get("status")));
    assertThat(statuses)
        .containsEntry("failover.pdf", 202)
        .containsEntry("oncall.docx", 202)
        .containsEntry("deploy.md", 202)
        .containsEntry("guide.rst", 202)
        .containsEntry("Retry.java", 202)
        .containsEntry("logo.png", 415)
        .containsEntry("broken.pdf", 422)
        .containsEntry("huge.txt", 413);
    assertThat(answer.getString("files.find { it.name == 'logo.png' }.problem.detail"))
        .contains("logo.png");
    assertThat(answer.getString("files.find { it.name == 'huge.txt' }.problem.detail"))
        .contains("huge.txt");

    String id = answer.getString("sourceId");
    JsonPath source = Api.awaitIdle("alpha", id);
    assertThat(source.getString("latestJob.status")).isEqualTo("done");
    assertThat(source.getInt("pageCount")).isEqualTo(5);
    assertThat(source.getString("kind")).isEqualTo("upload");

    Map<String, String> expectations =
        Map.of(
            "promote the standby", "upload:failover.pdf",
            "platypus rotation latency", "upload:oncall.docx",
            "kangaroo pipeline", "upload:deploy.md",
            "wombat scheduler", "upload:guide.rst");
    expectations.forEach(
        (query, url) ->
            as("alpha")
                .queryParam("query", query)
                .queryParam("tag", "runbooks")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("results[0].url", equalTo(url)));
    as("alpha")
        .queryParam("query", "kangaroo ship")
        .queryParam("language", "bash")
        .get("/api/v1/code-examples")
        .then()
        .statusCode(200)
        .body("[0].code", containsString("kangaroo ship --prod"));
    as("alpha")
        .queryParam("query", "attempts")
        .queryParam("language", "java")
        .get("/api/v1/code-examples")
        .then()
        .statusCode(200)
        .body("[0].url", equalTo("upload:Retry.java"));

    // files added later replace same-named ones
    as("alpha")
        .multiPart(
            "files",
            "deploy.md",
            "# Deploying\n\nShip with the emu pipeline now.\n".getBytes(),
            "text/markdown")
        .post("/api/v1/sources/" + id + "/files")
        .then()
        .statusCode(201);
    Api.awaitIdle("alpha", id);
    as("alpha")
        .queryParam("query", "emu pipeline")
        .queryParam("sourceId", id)
        .queryParam("mode", "keyword")
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .body("results[0].url", equalTo("upload:deploy.md"));
    as("alpha")
        .queryParam("query", "kangaroo")
        .queryParam("sourceId", id)
        .queryParam("mode", "keyword")
        .get("/api/v1/search")
        .then()
        .statusCode(200)
        .body("results", org.hamcrest.Matchers.empty());
  }

  @Test
  void anUploadWithNoUsableFileIsAProblemNamingEachFile() {
    as("alpha")
        .multiPart("name", "Images")
        .multiPart(
            "files",
            "a.png",
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
            "image/png")
        .multiPart("files", "b.zip", new byte[] {'P', 'K', 3, 4, 0, 0}, "application/zip")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(415)
        .contentType(startsWith("application/problem+json"))
        .body("errors.message[0]", containsString("a.png"))
        .body("errors.message[1]", containsString("b.zip"));
    as("alpha")
        .get("/api/v1/sources")
        .then()
        .statusCode(200)
        .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("Images")));
  }

  static byte[] pdf(String text) throws IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        content.newLineAtOffset(50, 700);
        content.showText(text);
        content.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  @Test
  void aDecompressionBombIsRefusedNamingTheFileAndTheLimitWhileOthersAreServed() throws Exception {
    // 60 MB of document.xml in well under 200 KB (the test limit per file): a 300x zip bomb.
    byte[] bomb = bombDocx(60_000_000);
    assertThat(bomb.length).isLessThan(200_000);
    java.util.concurrent.CompletableFuture<Integer> meanwhile =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              int worst = 200;
              for (int i = 0; i < 20; i++) {
                worst =
                    Math.max(worst, io.restassured.RestAssured.get("/api/v1/sources").statusCode());
              }
              return worst;
            });
    as("local")
        .multiPart("name", "Bombed")
        .multiPart(
            "files",
            "quarterly.docx",
            bomb,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(413)
        .contentType(startsWith("application/problem+json"))
        .body("detail", containsString("quarterly.docx"))
        .body("detail", containsString("unpacks to more than 20000000 bytes"));
    assertThat(meanwhile.get()).as("other requests were served meanwhile").isEqualTo(200);
    io.restassured.RestAssured.get("/health/ready").then().statusCode(200);
    assertThat(io.restassured.RestAssured.get("/api/v1/sources").asString())
        .doesNotContain("Bombed");
  }

  @Test
  void aFileWithMoreTextThanTheLimitIsRefusedNamingTheLimit() throws Exception {
    // Under the unpacking limit, over the text limit (1,000,000 characters in tests).
    // Varied words: Tika refuses text that compresses too well as a suspected bomb first.
    String[] words = {"agenda", "budget", "review", "action", "owner", "risk", "date", "plan"};
    var random = new java.util.Random(7);
    var text = new StringBuilder();
    while (text.length() < 1_100_000) {
      text.append(words[random.nextInt(words.length)]).append(' ');
    }
    byte[] wordy = docx("Minutes", text.toString());
    assertThat(wordy.length).isLessThan(200_000);
    as("local")
        .multiPart("name", "Wordy")
        .multiPart(
            "files",
            "wordy.docx",
            wordy,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .post("/api/v1/sources/uploads")
        .then()
        .log()
        .ifValidationFails()
        .statusCode(413)
        .body("detail", containsString("wordy.docx"))
        .body("detail", containsString("1000000 characters"));
  }

  @Test
  void textOutOfAllProportionToTheFileIsRefusedAsASuspectedBomb() throws Exception {
    byte[] repetitive =
        docx("Minutes", "all work and no play makes jack a dull boy. ".repeat(30_000));
    as("local")
        .multiPart("name", "Repetitive")
        .multiPart(
            "files",
            "jack.docx",
            repetitive,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(413)
        .contentType(startsWith("application/problem+json"))
        .body("detail", containsString("jack.docx"))
        .body("detail", containsString("suspected compression bomb"));
  }

  @Test
  void fileNamesAndFieldsWithANulCharacterAre400s() {
    as("local")
        .multiPart("name", "Nul\u0000name")
        .multiPart("files", "a.md", "# A\n\ntext".getBytes(), "text/markdown")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(400)
        .body("field", equalTo("name"));
    as("local")
        .multiPart("name", "Nul file")
        .multiPart("files", "a\u0000b.md", "# A\n\ntext".getBytes(), "text/markdown")
        .post("/api/v1/sources/uploads")
        .then()
        .statusCode(400)
        .body("field", equalTo("files"));
  }

  /** A minimal DOCX whose document.xml holds about size bytes of one repeated paragraph. */
  static byte[] bombDocx(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      zip.setLevel(9);
      zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
      zip.write(
          ("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                  + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                  + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                  + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                  + "</Types>")
              .getBytes());
      zip.putNextEntry(new java.util.zip.ZipEntry("_rels/.rels"));
      zip.write(
          ("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                  + "</Relationships>")
              .getBytes());
      zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
      zip.write(
          ("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
              .getBytes());
      // Long runs of one letter: DEFLATE's best case, about 1,000 to 1.
      byte[] paragraph =
          ("<w:p><w:r><w:t>" + "a".repeat(100_000) + "</w:t></w:r></w:p>").getBytes();
      for (long written = 0; written < size; written += paragraph.length) {
        zip.write(paragraph);
      }
      zip.write("</w:body></w:document>".getBytes());
    }
    return out.toByteArray();
  }

  static byte[] docx(String heading, String text) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var h = doc.createParagraph();
      h.setStyle("Heading1");
      h.createRun().setText(heading);
      doc.createParagraph().createRun().setText(text);
      doc.write(out);
      return out.toByteArray();
    }
  }
}
