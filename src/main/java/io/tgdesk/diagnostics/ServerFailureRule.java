package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Sends in flight when a server failed: how many were sent again, how many wait for an admin. */
@ApplicationScoped
class ServerFailureRule implements FindingRule {

  @Inject DeliveryFigures delivery;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    Map<String, Long> outcomes = delivery.serverFailureOutcomes(botId, from, to);
    long resent = outcomes.getOrDefault("resent", 0L);
    long held = outcomes.getOrDefault("held", 0L);
    if (resent + held == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "sends-in-doubt-after-server-failure",
            "warning",
            55,
            (resent + held)
                + " sends were on their way to Telegram when their server failed: "
                + resent
                + " were sent again by their lane's policy (each may have reached the chat twice),"
                + " "
                + held
                + " wait as uncertain for an admin.",
            new Evidence.ServerFailure(resent, held),
            "Nothing to do for the resent ones. For the held ones (GET /api/admin/outbox"
                + "?state=uncertain), check the chat, then retry or cancel them; the settings"
                + " tgdesk.delivery.uncertain.* choose per lane what happens next time."));
  }
}
