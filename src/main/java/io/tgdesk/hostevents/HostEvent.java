package io.tgdesk.hostevents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;

/**
 * One event for one endpoint, with its delivery state. A ticket event (ticket_id set) is ordered
 * per (endpoint, ticket) by id, a customer event (customer_id set, no ticket) per (endpoint,
 * customer): the dispatcher only ever sends the oldest pending one of a ticket or customer.
 */
@Entity
@Table(name = "host_event")
public class HostEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** The same for every endpoint that receives this event. */
  @Column(name = "event_id", nullable = false)
  private String eventId;

  @Column(name = "endpoint_id", nullable = false)
  private long endpointId;

  @Column(name = "event_type", nullable = false)
  private String type;

  @Column(name = "ticket_id")
  private Long ticketId;

  @Column(name = "customer_id")
  private Long customerId;

  @Column(name = "payload", nullable = false)
  private String payload;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false)
  private HostEventState state;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "last_status")
  private Integer lastStatus;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "occurred_at", nullable = false)
  private Instant occurredAt;

  @Column(name = "delivered_at")
  private Instant deliveredAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected HostEvent() {}

  /** A ticket's event ({@code ticketId} set) or a customer's ({@code customerId} set). */
  HostEvent(
      String eventId,
      long endpointId,
      String type,
      Long ticketId,
      Long customerId,
      String payload,
      Instant now) {
    this.eventId = eventId;
    this.endpointId = endpointId;
    this.type = type;
    this.ticketId = ticketId;
    this.customerId = customerId;
    this.payload = payload;
    this.state = HostEventState.PENDING;
    this.nextAttemptAt = now;
    this.occurredAt = now;
    this.updatedAt = now;
  }

  /** Taken for an attempt: nobody else tries it before {@code lease} has passed. */
  void claim(Instant now, Duration lease) {
    attempts++;
    nextAttemptAt = now.plus(lease);
    updatedAt = now;
  }

  void delivered(int status, Instant now) {
    state = HostEventState.DELIVERED;
    lastStatus = status;
    lastError = null;
    deliveredAt = now;
    updatedAt = now;
  }

  /** A failed attempt: again at {@code retryAt}, or DEAD when {@code retryAt} is null. */
  void failed(Integer status, String error, Instant retryAt, Instant now) {
    lastStatus = status;
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    if (retryAt == null) {
      state = HostEventState.DEAD;
    } else {
      nextAttemptAt = retryAt;
    }
    updatedAt = now;
  }

  void replay(Instant now) {
    state = HostEventState.PENDING;
    attempts = 0;
    nextAttemptAt = now;
    updatedAt = now;
  }

  public long id() {
    return id;
  }

  public String eventId() {
    return eventId;
  }

  public long endpointId() {
    return endpointId;
  }

  public String type() {
    return type;
  }

  /** The ticket of a ticket event; null for a customer event. */
  public Long ticketId() {
    return ticketId;
  }

  /** The customer of a customer event; null for a ticket event. */
  public Long customerId() {
    return customerId;
  }

  public String payload() {
    return payload;
  }

  public HostEventState state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Integer lastStatus() {
    return lastStatus;
  }

  public String lastError() {
    return lastError;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public Instant deliveredAt() {
    return deliveredAt;
  }
}
