package io.tgdesk.diagnostics;

import io.tgdesk.schema.Columns;
import io.tgdesk.telegram.outbound.CircuitBreakerChanged;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One state change of a bot's circuit breaker on one server (table breaker_event). Written once,
 * never changed.
 */
@Entity
@Table(name = "breaker_event")
public class BreakerEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "node_id")
  private String nodeId;

  @Column(name = "changed_at")
  private Instant changedAt;

  /** The new state: OPEN, HALF_OPEN or CLOSED. */
  private String state;

  @Column(name = "previous_state")
  private String previousState;

  private String reason;

  protected BreakerEvent() {}

  BreakerEvent(CircuitBreakerChanged c) {
    this.botId = c.botId().value();
    this.nodeId = Columns.fit(c.node(), 64);
    this.changedAt = c.at();
    this.state = c.state().name();
    this.previousState = c.previous() == null ? null : c.previous().name();
    this.reason = Columns.fit(c.reason(), 500);
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public String nodeId() {
    return nodeId;
  }

  public Instant changedAt() {
    return changedAt;
  }

  public String state() {
    return state;
  }

  public String previousState() {
    return previousState;
  }

  public String reason() {
    return reason;
  }
}
