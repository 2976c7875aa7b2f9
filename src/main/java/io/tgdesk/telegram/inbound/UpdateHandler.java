package io.tgdesk.telegram.inbound;

import io.tgdesk.config.Settings;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  @Inject UpdateStore store;
  @Inject Settings settings;
  @Resource TransactionSynchronizationRegistry tx;

  /**
   * Applies the stored update, unless its chat (in a forum, its topic) is held back by an earlier
   * update that failed: then it waits (WAITING), unattempted, until that one's next attempt.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void handle(long id, HeldChats held) {
    apply(locked(id), held);
  }

  /**
   * Applies the first of the stored updates, and after it those that follow in its private chats,
   * in their order in one transaction, as {@link #handle} applies each. All of them, or none when
   * one throws (the processor then applies them one at a time).
   *
   * <p>The group ends before the first update of another kind of chat (a group, a channel, or
   * none), and after one that comes first: what is done for an agents group's message commits in a
   * transaction of its own, which would wait for the locks this one took for the updates before it,
   * and would stay if this one were rolled back.
   *
   * @return how many of {@code ids}, from the first, were applied (at least one)
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int handleAll(List<Long> ids, HeldChats held) {
    Map<Long, ReceivedUpdate> group = settings.onPostgres() ? lockedGroup(ids) : null;
    int applied = 0;
    for (long id : ids) {
      ReceivedUpdate stored = group != null ? group.get(id) : locked(id);
      boolean shares = stored == null || inPrivateChat(stored);
      if (applied > 0 && !shares) {
        break;
      }
      apply(stored, held);
      applied++;
      if (!shares) {
        break;
      }
    }
    return applied;
  }

  /**
   * PostgreSQL: the group's updates, locked with one query each for the first and for the rest, in
   * update_id order; the rest only when the first is in a private chat (or gone), since else it is
   * applied alone. Derby locks each update when its turn comes (null): a locking query over an id
   * list may lock more than those rows there.
   */
  private Map<Long, ReceivedUpdate> lockedGroup(List<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<Long, ReceivedUpdate> group = new HashMap<>(store.lockedOnPostgres(ids.subList(0, 1)));
    ReceivedUpdate first = group.get(ids.get(0));
    if (ids.size() > 1 && (first == null || inPrivateChat(first))) {
      group.putAll(store.lockedOnPostgres(ids.subList(1, ids.size())));
    }
    return group;
  }

  /** Whether the update names a private chat (a user's chat with the bot) as its place. */
  private static boolean inPrivateChat(ReceivedUpdate stored) {
    UpdateChat.Place place = UpdateStore.placeOf(stored);
    return place != null && place.chatId() > 0;
  }

  /**
   * The stored update, locked: during a handover two servers may reach the same update; the second
   * one waits and then finds it processed.
   */
  private ReceivedUpdate locked(long id) {
    return em.find(ReceivedUpdate.class, id, LockModeType.PESSIMISTIC_WRITE);
  }

  private void apply(ReceivedUpdate stored, HeldChats held) {
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
