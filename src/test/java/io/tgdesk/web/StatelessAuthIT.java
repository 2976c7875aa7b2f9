package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.TgDeskApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The API is stateless HTTP Basic: an authenticated answer sets no cookie, and a cookie alone (what
 * a foreign page can make a browser send) authenticates nothing.
 */
class StatelessAuthIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aBasicAuthenticatedAnswerSetsNoCookie() throws Exception {
    HttpResponse<String> answer =
        HTTP.send(get("/api/tickets?size=1", basic(TgDeskApi.AGENT)), body());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void theCookiesOfAnAdminsAnswerDoNotAuthenticateAForeignPagesPost() throws Exception {
    HttpResponse<String> signedIn =
        HTTP.send(get("/api/admin/bots", basic(TgDeskApi.ADMIN)), body());
    assertThat(signedIn.statusCode()).isEqualTo(200);
    String cookies =
        String.join(
            "; ",
            signedIn.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .toList());
    HttpRequest forged =
        HttpRequest.newBuilder(URI.create(TgDeskApi.baseUrl() + "/api/admin/diagnostics/retention"))
            .header("Cookie", cookies.isEmpty() ? "LtpaToken2=none" : cookies)
            .header("Origin", "https://attacker.example")
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    assertThat(HTTP.send(forged, body()).statusCode()).isEqualTo(401);
  }

  @Test
  void theHealthChecksSayThatLoginsCanSucceed() throws Exception {
    String base = TgDeskApi.baseUrl().replaceFirst("/tgdesk$", "");
    HttpResponse<String> ready =
        HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), body());

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("login");
  }

  private static HttpRequest get(String path, String authorization) {
    return HttpRequest.newBuilder(URI.create(TgDeskApi.baseUrl() + path))
        .header("Authorization", authorization)
        .build();
  }

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
