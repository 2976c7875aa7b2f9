package io.tgdesk.telegram.inbound;

import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.Update;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Applies one stored update in one transaction: the ticket changes and the PROCESSED mark commit
 * together.
 */
@ApplicationScoped
public class UpdateHandler {

  @PersistenceContext EntityManager em;
  @Inject UpdateRouter router;
  @Inject Clock clock;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void handle(long id) {
    // Locked: during a handover two servers may reach the same update; the second one waits
    // and then finds it processed.
    ReceivedUpdate stored = em.find(ReceivedUpdate.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (stored == null || !stored.isDue(clock.instant())) {
      return; // processed meanwhile, or no longer due
    }
    Update update =
        BotApiJson.jsonb().fromJson(new String(stored.raw(), StandardCharsets.UTF_8), Update.class);
    UpdateRouter.Outcome outcome =
        router.route(io.tgdesk.telegram.bots.BotId.of(stored.botId()), update);
    stored.done(
        outcome.state(), update.type(), outcome.chatId(), outcome.description(), clock.instant());
  }
}
