package io.tgdesk.diagnostics;

import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready unless the dispatcher is stalled: an enabled bot has outbox entries due for more than
 * {@link #STALL_AFTER} while its delivery loop made no call to Telegram in that time. Paused chats
 * (429), back-offs and an open circuit breaker (15 s) are not stalls: their entries are not due,
 * and a bot-wide 429 pause lasts less than the stall time (Telegram's waits are up to about 240 s).
 */
@Readiness
@ApplicationScoped
public class DispatcherReadiness implements HealthCheck {

  static final Duration STALL_AFTER = Duration.ofMinutes(5);

  @PersistenceContext EntityManager em;
  @Inject BotStore bots;
  @Inject CallAudit audit;
  @Inject Clock clock;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("dispatcher");
    try {
      Instant now = clock.instant();
      Instant cutoff = now.minus(STALL_AFTER);
      Map<Long, Bot> enabled =
          bots.list().stream()
              .filter(Bot::enabled)
              .collect(Collectors.toMap(b -> b.id().value(), b -> b));
      List<String> stalled = new ArrayList<>();
      for (Object[] row :
          em.createQuery(
                  "select e.botId, min(e.nextAttemptAt) from OutboxEntry e where e.state = :pending"
                      + " and e.nextAttemptAt < :cutoff and not exists (select d from DeliveryChat d"
                      + " where d.botId = e.botId and d.chatId = e.chatId and d.pausedUntil > :now)"
                      + " group by e.botId",
                  Object[].class)
              .setParameter("pending", OutboxState.PENDING)
              .setParameter("cutoff", cutoff)
              .setParameter("now", now)
              .getResultList()) {
        long botId = ((Number) row[0]).longValue();
        Instant lastCall = audit.lastDeliveryCall(botId);
        if (enabled.containsKey(botId) && lastCall != null && lastCall.isBefore(cutoff)) {
          stalled.add(botId + " (due since " + row[1] + ", last call " + lastCall + ")");
        }
      }
      if (stalled.isEmpty()) {
        return response.up().build();
      }
      return response.withData("stalledBots", String.join("; ", stalled)).down().build();
    } catch (RuntimeException e) {
      return response.withData("error", String.valueOf(e.getMessage())).down().build();
    }
  }
}
