package io.tgdesk.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where the host platform takes events, and the secret their signatures use. */
@Entity
@Table(name = "event_endpoint")
public class EventEndpoint {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String url;

  private String secret;

  @Column(name = "created_at")
  private Instant createdAt;

  protected EventEndpoint() {}

  EventEndpoint(String url, String secret, Instant now) {
    this.url = url;
    this.secret = secret;
    this.createdAt = now;
  }

  public long id() {
    return id;
  }

  public String url() {
    return url;
  }

  String secret() {
    return secret;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
