package io.tgdesk.diagnostics;

import java.time.Instant;
import java.util.Optional;

/**
 * One kind of finding of the {@link CauseReport}: looks at what the audit, the outbox, the intake
 * and the webhook checks recorded in a range and names its cause, or finds nothing. Read-only; runs
 * inside the caller's request.
 */
interface FindingRule {

  /**
   * @param botId one bot, or null for all
   * @param from inclusive
   * @param to exclusive
   */
  Optional<Finding> find(Long botId, Instant from, Instant to);
}
