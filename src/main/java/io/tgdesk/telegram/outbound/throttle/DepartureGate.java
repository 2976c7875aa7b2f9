package io.tgdesk.telegram.outbound.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces the moments a bot's calls actually leave. The {@link BotThrottle} plans calls at the bot's
 * pace, but a planned call leaves only after it was claimed and handed to a sender, which takes a
 * varying time: a late call and the punctual ones after it would reach Telegram closer together
 * than the budget allows (seen as 429s for the whole bot on a loaded machine). Each sender books
 * its departure here just before its request and waits until then.
 *
 * <p>Thread-safe. A departure is never later than one pace after the previous one, so callers wait
 * only when calls bunch up.
 */
public final class DepartureGate {

  private final Clock clock;
  private Instant last = Instant.MIN;

  public DepartureGate(Clock clock) {
    this.clock = clock;
  }

  /**
   * Books the next departure at least {@code pace} after the previous one, and not before now.
   *
   * @return when the caller may send (now or later)
   */
  public synchronized Instant book(Duration pace) {
    Instant now = clock.instant();
    Instant slot =
        last.equals(Instant.MIN) || last.plus(pace).isBefore(now) ? now : last.plus(pace);
    last = slot;
    return slot;
  }
}
