package io.tgdesk.hostevents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An HTTPS endpoint of the host platform that receives TgDesk's events. */
@Entity
@Table(name = "event_endpoint")
public class EventEndpoint {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "url", nullable = false)
  private String url;

  @Column(name = "secret", nullable = false)
  private String secret;

  /** Comma-separated event types; null means every type. */
  @Column(name = "event_types")
  private String eventTypes;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(name = "enabled", nullable = false)
  private boolean enabled;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected EventEndpoint() {}

  EventEndpoint(
      String url,
      String secret,
      List<String> types,
      int maxAttempts,
      boolean enabled,
      Instant now) {
    this.url = url;
    this.secret = secret;
    this.eventTypes = types == null ? null : String.join(",", types);
    this.maxAttempts = maxAttempts;
    this.enabled = enabled;
    this.createdAt = now;
    this.updatedAt = now;
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

  /** The subscribed types, or null for all. */
  public List<String> eventTypes() {
    return eventTypes == null ? null : Arrays.asList(eventTypes.split(","));
  }

  public boolean wants(String type) {
    return eventTypes == null || eventTypes().contains(type);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  void change(String url, List<String> types, Integer maxAttempts, Boolean enabled, Instant now) {
    if (url != null) {
      this.url = url;
    }
    if (types != null) {
      this.eventTypes = types.isEmpty() ? null : String.join(",", types);
    }
    if (maxAttempts != null) {
      this.maxAttempts = maxAttempts;
    }
    if (enabled != null) {
      this.enabled = enabled;
    }
    this.updatedAt = now;
  }

  void rotateSecret(String secret, Instant now) {
    this.secret = secret;
    this.updatedAt = now;
  }
}
