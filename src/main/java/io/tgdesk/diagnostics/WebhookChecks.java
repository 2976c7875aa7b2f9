package io.tgdesk.diagnostics;

import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotMode;
import io.tgdesk.telegram.bots.BotStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Reads of the webhook check history. Transactional because the scheduled checker calls them from
 * an executor thread.
 */
@ApplicationScoped
public class WebhookChecks {

  /**
   * A webhook bot's checks of a range, as admins read them.
   *
   * @param alerting whether the latest check raised an alert
   * @param latest the latest check ({@link WebhookCheckView}); null when there was none. Typed
   *     Object because JSON-B (Yasson) leaves out a null of a class type even when told to write
   *     it, and the answer has always said {@code "latest": null}.
   * @param history newest first
   */
  public record Status(
      long botId,
      boolean alerting,
      @JsonbNillable @Schema(implementation = WebhookCheckView.class, nullable = true)
          Object latest,
      List<WebhookCheckView> history) {

    public static Status of(long botId, List<WebhookCheckView> history) {
      return new Status(
          botId,
          !history.isEmpty() && !history.get(0).alerts().isEmpty(),
          history.isEmpty() ? null : history.get(0),
          history);
    }
  }

  @PersistenceContext EntityManager em;
  @Inject BotStore bots;

  /** Enabled bots in webhook mode, or just the one given if it is one. */
  @Transactional
  public List<Bot> webhookBots(Long botId) {
    return bots.list().stream()
        .filter(b -> b.mode() == BotMode.WEBHOOK && b.enabled())
        .filter(b -> botId == null || b.id().value() == botId)
        .toList();
  }

  @Transactional
  public Optional<WebhookCheck> latest(long botId) {
    return em
        .createQuery(
            "select c from WebhookCheck c where c.botId = :bot order by c.id desc",
            WebhookCheck.class)
        .setParameter("bot", botId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** Checks of a bot in [from, to), newest first. */
  @Transactional
  public List<WebhookCheck> history(long botId, Instant from, Instant to, int max) {
    return em.createQuery(
            "select c from WebhookCheck c where c.botId = :bot and c.checkedAt >= :from"
                + " and c.checkedAt < :to order by c.id desc",
            WebhookCheck.class)
        .setParameter("bot", botId)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(max)
        .getResultList();
  }
}
