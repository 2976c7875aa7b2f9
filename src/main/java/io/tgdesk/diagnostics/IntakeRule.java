package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            summary(failed, waiting),
            new Evidence.Intake(failed, states, delivery.failedUpdates(botId, from, to, EXAMPLES)),
            "Look at GET /api/admin/updates?state=failed for the reason (lastError), fix it,"
                + " then POST /api/admin/updates/{id}/retry. Telegram was answered 200, so it"
                + " will not send them again."));
  }

  private static String summary(long failed, long waiting) {
    List<String> sentences = new ArrayList<>();
    if (failed > 0) {
      sentences.add(failed + " received updates failed to become tickets or messages.");
    }
    if (waiting > 0) {
      sentences.add(
          waiting
              + " later updates of their chats wait for failed ones, to keep each chat in order.");
    }
    return String.join(" ", sentences);
  }
}
