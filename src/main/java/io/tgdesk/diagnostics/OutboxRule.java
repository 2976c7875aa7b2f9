package io.tgdesk.diagnostics;

import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Messages that gave up after repeated failures, or may or may not have arrived. */
@ApplicationScoped
class OutboxRule implements FindingRule {

  static final int EXAMPLES = 5;

  @Inject DeliveryFigures delivery;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    Map<String, Long> states = delivery.outboxStates(botId, from, to);
    long dead = states.getOrDefault("dead", 0L);
    long uncertain = states.getOrDefault("uncertain", 0L);
    if (dead + uncertain == 0) {
      return Optional.empty();
    }
    List<DeliveryFigures.OutboxExample> examples = new ArrayList<>();
    examples.addAll(delivery.outboxExamples(botId, OutboxState.DEAD, from, to, EXAMPLES));
    examples.addAll(delivery.outboxExamples(botId, OutboxState.UNCERTAIN, from, to, EXAMPLES));
    return Optional.of(
        // Ranked above the upstream errors that usually come with it: those cost only time, while
        // these messages are lost or in doubt until an admin acts on them.
        new Finding(
            "outbox-dead-or-uncertain",
            "error",
            75,
            dead
                + " messages gave up after repeated failures and "
                + uncertain
                + " may or may not have been delivered (no answer after the request was"
                + " written).",
            new Evidence.Outbox(dead, uncertain, states, examples),
            "Look at GET /api/admin/outbox?state=dead and ?state=uncertain: retry"
                + " (POST /api/admin/outbox/{id}/retry) what should go out, cancel the rest. An"
                + " uncertain message may already be in the chat: check before retrying."));
  }
}
