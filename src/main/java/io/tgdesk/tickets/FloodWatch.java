package io.tgdesk.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Duration;
import java.time.Instant;

/**
 * A customer's flood, embedded in {@link Customer} (columns {@code flood_since, flood_messages,
 * flood_last_at, automatic_message_at}). A customer floods from the message that puts them over
 * their bot's limit until a whole period passes without one over it; while they flood, automatic
 * messages (after-hours replies, status and order notices) go to them at most once per period,
 * counting one sent just before the flood began. Every decision takes {@code now} from the caller's
 * injected clock. Not thread-safe: it lives in an entity, changed in one transaction.
 */
@Embeddable
public class FloodWatch {

  @Column(name = "flood_since")
  private Instant since;

  @Column(name = "flood_messages")
  private int messages;

  @Column(name = "flood_last_at")
  private Instant lastAt;

  @Column(name = "automatic_message_at")
  private Instant automaticAt;

  public FloodWatch() {}

  /**
   * A message of the customer arrived at {@code now}.
   *
   * @param overLimit whether it is the {@code maxMessages + 1}-th within the period
   * @param maxMessages the limit, so that a new flood counts the messages that led to it
   */
  public void messageArrived(boolean overLimit, int maxMessages, Duration period, Instant now) {
    if (overLimit) {
      if (!flooding(now, period)) {
        since = now;
        messages = maxMessages;
      }
      messages++;
      lastAt = now;
    } else if (since != null && flooding(now, period)) {
      messages++; // still within the period of the last message over the limit
    } else {
      since = null;
      messages = 0;
      lastAt = null;
    }
  }

  /** Whether the customer floods at {@code now}: a message over the limit within the period. */
  public boolean flooding(Instant now, Duration period) {
    return since != null && lastAt != null && lastAt.plus(period).isAfter(now);
  }

  /**
   * Whether an automatic message may go to the customer now; if so, it is counted as sent. Always
   * true while they do not flood; while they do, true once per period.
   */
  public boolean tryAutomaticMessage(Instant now, Duration period) {
    if (flooding(now, period) && automaticAt != null && automaticAt.plus(period).isAfter(now)) {
      return false;
    }
    automaticAt = now;
    return true;
  }

  /** When the flood began; null when the customer never flooded or the flood is over. */
  public Instant since() {
    return since;
  }

  /** The messages of the flood, including those that led to it. */
  public int messages() {
    return messages;
  }

  /** The last message over the limit. */
  public Instant lastAt() {
    return lastAt;
  }

  /** When the last automatic message went to the customer. */
  public Instant automaticAt() {
    return automaticAt;
  }
}
