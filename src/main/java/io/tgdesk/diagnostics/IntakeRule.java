package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Received updates that failed to become tickets or messages, and the later updates of their chats
 * that wait for them.
 */
@ApplicationScoped
class IntakeRule implements FindingRule {

  static final int EXAMPLES = 5;

  @Inject DeliveryFigures delivery;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    Map<String, Long> states = delivery.intakeStates(botId, from, to);
    long failed = states.getOrDefault("failed", 0L);
    long waiting = states.getOrDefault("waiting", 0L);
    if (failed + waiting == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "intake-failures",
            "error",
            65,
            (failed == 0 ? "" : failed + " received updates failed to become tickets or messages.")
                + (waiting == 0
                    ? ""
                    : (failed == 0 ? "" : " ")
                        + waiting
                        + " later updates of their chats wait for failed ones, to keep each chat"
                        + " in order."),
            new Evidence.Intake(failed, states, delivery.failedUpdates(botId, from, to, EXAMPLES)),
            "Look at GET /api/admin/updates?state=failed for the reason (lastError), fix it,"
                + " then POST /api/admin/updates/{id}/retry. Telegram was answered 200, so it"
                + " will not send them again."));
  }
}
