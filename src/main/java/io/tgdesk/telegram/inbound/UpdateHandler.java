package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.intake.JsonLimits;
import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.Update;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Applies one stored update in one transaction (or a few in their order, {@link #handleAll}): the
 * ticket changes and the PROCESSED mark commit together. An update holding an id that is not a
 * whole 64-bit number is marked IGNORED with the field and the reason; a transaction left marked
 * for rollback is never recorded as a success.
 */
@ApplicationScoped
public class UpdateHandler {

  @PersistenceContext EntityManager em;
  @Inject UpdateRouter router;
  @Inject Clock clock;
  @Resource TransactionSynchronizationRegistry tx;

  /**
   * Applies the stored update, unless its chat (in a forum, its topic) is held back by an earlier
   * update that failed: then it waits (WAITING), unattempted, until that one's next attempt.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void handle(long id, HeldChats held) {
    apply(id, held);
  }

  /**
   * Applies the stored updates in their order in one transaction, as {@link #handle} applies each:
   * all of them, or none when one throws (the processor then applies them one at a time).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void handleAll(List<Long> ids, HeldChats held) {
    for (long id : ids) {
      apply(id, held);
    }
  }

  private void apply(long id, HeldChats held) {
    // Locked: during a handover two servers may reach the same update; the second one waits
    // and then finds it processed.
    ReceivedUpdate stored = em.find(ReceivedUpdate.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (stored == null) {
      return;
    }
    if (!stored.isDue(clock.instant())) {
      // Processed meanwhile, or no longer due: failed or waiting meanwhile (during a handover, on
      // another server), when it holds its chat (its topic) for this drain too.
      if (stored.lifecycle().unapplied() && stored.lifecycle().nextAttemptAt() != null) {
        UpdateChat.Place place = UpdateStore.placeOf(stored);
        if (place != null) {
          held.hold(
              new HeldChats.Hold(place, stored.updateId(), stored.lifecycle().nextAttemptAt()));
        }
      }
      return;
    }
    if (!held.isEmpty()) {
      UpdateChat.Place place = UpdateStore.placeOf(stored);
      var hold = place == null ? null : held.before(place, stored.updateId()).orElse(null);
      if (hold != null) {
        stored.waitFor(hold);
        return;
      }
    }
    String json = new String(stored.raw(), StandardCharsets.UTF_8);
    Update update;
    try {
      update = BotApiJson.jsonb().fromJson(json, Update.class);
    } catch (RuntimeException e) {
      String number = BotApiJson.inexactNumberIn(e);
      if (number == null) {
        throw e;
      }
      // An id we cannot hold exactly would land on someone else's chat: keep it, apply nothing.
      stored.done(IntakeState.IGNORED, null, null, notAnId(json, number), clock.instant());
      return;
    }
    UpdateRouter.Outcome outcome =
        router.route(io.tgdesk.telegram.bots.BotId.of(stored.botId()), update);
    if (tx.getRollbackOnly()) {
      // Something below failed and was caught: what it wrote is lost, so the update must not
      // count as applied. The processor records the failure and retries.
      throw new IllegalStateException(
          "the transaction was marked for rollback while applying the update ("
              + outcome.description()
              + ")");
    }
    stored.done(
        outcome.state(), update.type(), outcome.chatId(), outcome.description(), clock.instant());
  }

  private static String notAnId(String json, String number) {
    String path;
    try (var reader = Json.createReader(new StringReader(json))) {
      path = JsonLimits.pathOf(reader.readValue(), number);
    } catch (RuntimeException e) {
      path = null;
    }
    return "not applied: "
        + (path == null ? "a number" : path)
        + " "
        + JsonLimits.shorten(number)
        + " is not a whole number in the 64-bit range";
  }
}
