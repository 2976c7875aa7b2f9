package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Messages Telegram refused for good as they were made (other than to chats that block). */
@ApplicationScoped
class RefusedRule implements FindingRule {

  static final int EXAMPLES = 5;

  @Inject DeliveryFigures delivery;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    List<DeliveryFigures.RefusedError> byError = delivery.refusedByError(botId, from, to);
    if (byError.isEmpty()) {
      return Optional.empty();
    }
    long refused = byError.stream().mapToLong(DeliveryFigures.RefusedError::entries).sum();
    return Optional.of(
        new Finding(
            "messages-refused",
            "error",
            55,
            refused
                + " messages were refused by Telegram for good and not sent, most often: "
                + byError.get(0).description()
                + ".",
            new Evidence.Refused(
                refused, byError, delivery.refusedExamples(botId, from, to, EXAMPLES)),
            "Telegram will refuse these messages as they are: the sender (an agent reply, a"
                + " canned response, a Shopify notice template, an integration) made a message"
                + " Telegram does not accept, e.g. empty text, more than 4096 characters, bad"
                + " entities for its parse_mode, or a wrong chat or topic. Fix the sender or the"
                + " template, then send the message again; GET /api/admin/outbox?state=failed"
                + " lists them."));
  }
}
