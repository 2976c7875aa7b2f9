package io.tgdesk.routing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A send request that came with an {@code Idempotency-Key}: the key, a digest of the request and
 * the answer it got, so that the same request sent again (a client that timed out and retries) gets
 * the same answer instead of sending everything twice.
 */
@Entity
@Table(name = "accepted_request")
public class AcceptedRequest {

  @Id
  @Column(name = "idempotency_key")
  private String key;

  @Column(name = "request_sha256")
  private String requestSha256;

  @Lob private byte[] answer;

  @Column(name = "accepted_at")
  private Instant acceptedAt;

  protected AcceptedRequest() {}

  AcceptedRequest(String key, String requestSha256, String answer, Instant acceptedAt) {
    this.key = key;
    this.requestSha256 = requestSha256;
    this.answer = answer.getBytes(StandardCharsets.UTF_8);
    this.acceptedAt = acceptedAt;
  }

  void answer(String answer) {
    this.answer = answer.getBytes(StandardCharsets.UTF_8);
  }

  String requestSha256() {
    return requestSha256;
  }

  String answer() {
    return new String(answer, StandardCharsets.UTF_8);
  }

  Instant acceptedAt() {
    return acceptedAt;
  }
}
