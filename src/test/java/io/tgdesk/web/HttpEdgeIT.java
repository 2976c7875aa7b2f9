package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.TgDeskApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every request meets before a resource: the body limit (checked before parsing), the security
 * headers of the dashboard and of the API, and methods outside HTTP's usual set.
 */
class HttpEdgeIT {

  static final int OVER_THE_LIMIT = 2 * 1024 * 1024;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static String note(int bytes) {
    return "{\"text\":\"" + "x".repeat(bytes) + "\"}";
  }

  @Test
  void aNoteOverTheLimitIs413BeforeItIsRead() {
    var reply =
        TgDeskApi.asAgent()
            .send(
                "POST",
                "/api/tickets/" + RoleMatrixIT.ABSENT_ID + "/notes",
                note(OVER_THE_LIMIT),
                Map.of("Content-Type", "application/json"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail")).contains("1048576");
  }

  @Test
  void aBodyWithoutALengthIsCountedAsItIsReadAnd413OverTheLimit() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    TgDeskApi.baseUrl() + "/api/tickets/" + RoleMatrixIT.ABSENT_ID + "/notes"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Authorization", basic(TgDeskApi.AGENT))
            // no length known in advance: sent chunked
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new ByteArrayInputStream(
                            note(OVER_THE_LIMIT).getBytes(StandardCharsets.UTF_8))))
            .build();

    HttpResponse<String> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(413);
    assertThat(reply.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void theBulkMessagesOperationTakesABodyAboveTheGeneralLimit() {
    StringBuilder body = new StringBuilder("{\"messages\":[");
    String text = "y".repeat(4000);
    for (int i = 0; i < 600; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"chatId\":\"not a chat\",\"text\":\"")
          .append(text)
          .append("\"}");
    }
    body.append("]}");
    assertThat(body.length()).isGreaterThan(OVER_THE_LIMIT);

    var reply =
        TgDeskApi.asAdmin()
            .send(
                "POST",
                "/api/admin/messages",
                body.toString(),
                Map.of("Content-Type", "application/json"));

    // read and validated: the chat ids are wrong, the size is not
    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.body()).contains("chatId");
  }

  @Test
  void theDashboardForbidsInlineScriptFramingAndSniffing() {
    var page = TgDeskApi.asAdmin().get("/admin/");

    assertThat(page.status()).isEqualTo(200);
    assertThat(header(page, "Content-Security-Policy"))
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(header(page, "X-Frame-Options")).isEqualTo("DENY");
    assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(page, "Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.body()).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("<script>");
  }

  @Test
  void apiAnswersWithCustomerDataAreNeverStored() {
    for (TgDeskApi.Reply reply :
        new TgDeskApi.Reply[] {
          TgDeskApi.asAgent().get("/api/tickets"),
          TgDeskApi.asAgent().get("/api/tickets/" + RoleMatrixIT.ABSENT_ID),
          TgDeskApi.asAdmin().get("/api/admin/updates")
        }) {
      assertThat(header(reply, "Cache-Control")).as(reply.toString()).contains("no-store");
      assertThat(header(reply, "X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void aMethodOutsideHttpsUsualSetIs501() {
    var reply = TgDeskApi.anonymous().send("SEC1", "/api/tickets", null, Map.of());

    assertThat(reply.status()).isEqualTo(501);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }

  private static String header(TgDeskApi.Reply reply, String name) {
    return reply.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }
}
