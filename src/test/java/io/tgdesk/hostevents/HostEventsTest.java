package io.tgdesk.hostevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostEventsTest {

  @Test
  void endpointsMustUseHttpsExceptOnTheSameMachine() {
    assertThat(HostEvents.urlProblem("https://helpdesk.example.com/tgdesk/events")).isNull();
    assertThat(HostEvents.urlProblem("http://127.0.0.1:8080/events")).isNull();
    assertThat(HostEvents.urlProblem("http://localhost/events")).isNull();
    assertThat(HostEvents.urlProblem("http://helpdesk.example.com/events")).contains("https");
    assertThat(HostEvents.urlProblem("ftp://helpdesk.example.com/events")).contains("https");
    assertThat(HostEvents.urlProblem("/events")).contains("absolute");
    assertThat(HostEvents.urlProblem("https://exa mple.com")).contains("not a valid URL");
  }

  @Test
  void theSignatureIsTheHmacOfTheTimestampADotAndTheBody() {
    byte[] body = "{\"type\":\"ticket.created\"}".getBytes(StandardCharsets.UTF_8);
    // Computed independently: printf '1700000000.{"type":"ticket.created"}' | openssl dgst -sha256
    // -hmac s3cret
    assertThat(EventSignature.header("s3cret", 1_700_000_000L, body))
        .isEqualTo(
            "t=1700000000,v1=21de8b184d43357d2f78186a6dcf95b1f886ca1f835b66c3ca8f8612bc0c1102");
    assertThat(EventSignature.hmacHex("s3cret", 1_700_000_000L, body))
        .isNotEqualTo(EventSignature.hmacHex("s3cret", 1_700_000_001L, body))
        .isNotEqualTo(EventSignature.hmacHex("other", 1_700_000_000L, body));
  }
}
