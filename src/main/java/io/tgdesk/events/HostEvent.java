package io.tgdesk.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One event for one endpoint and where its delivery stands: PENDING (due at next_attempt_at), SENT,
 * or DEAD (attempts exhausted; an admin may replay it).
 */
@Entity
@Table(name = "host_event")
public class HostEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "endpoint_id")
  private long endpointId;

  @Column(name = "ticket_id")
  private long ticketId;

  @Column(name = "event_type")
  private String type;

  private String payload;

  private String state;

  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "sent_at")
  private Instant sentAt;

  protected HostEvent() {}

  HostEvent(long endpointId, long ticketId, String type, String payload, Instant now) {
    this.endpointId = endpointId;
    this.ticketId = ticketId;
    this.type = type;
    this.payload = payload;
    this.state = "PENDING";
    this.nextAttemptAt = now;
    this.createdAt = now;
  }

  void sent(Instant now) {
    attempts++;
    state = "SENT";
    sentAt = now;
    lastError = null;
  }

  void failed(String error, Instant retryAt, int maxAttempts) {
    attempts++;
    lastError = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    if (attempts >= maxAttempts) {
      state = "DEAD";
    } else {
      nextAttemptAt = retryAt;
    }
  }

  void replay(Instant now) {
    state = "PENDING";
    attempts = 0;
    nextAttemptAt = now;
  }

  public long id() {
    return id;
  }

  public long endpointId() {
    return endpointId;
  }

  public long ticketId() {
    return ticketId;
  }

  public String type() {
    return type;
  }

  public String payload() {
    return payload;
  }

  public String state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant sentAt() {
    return sentAt;
  }
}
