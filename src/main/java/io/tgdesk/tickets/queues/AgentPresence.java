package io.tgdesk.tickets.queues;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Whether an agent takes new tickets: online or away. An agent never seen is away. */
@Entity
@Table(name = "agent_presence")
public class AgentPresence {

  @Id
  @Column(name = "user_name")
  private String userName;

  private String availability;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected AgentPresence() {}

  AgentPresence(String userName, String availability, Instant now) {
    this.userName = userName;
    set(availability, now);
  }

  void set(String availability, Instant now) {
    this.availability = availability;
    this.updatedAt = now;
  }

  public String userName() {
    return userName;
  }

  public String availability() {
    return availability;
  }

  public boolean online() {
    return "online".equals(availability);
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
