package io.tgdesk.telegram.outbound;

import static io.tgdesk.telegram.outbound.DeliveryJson.JSON;

import io.tgdesk.backoff.Backoff;
import io.tgdesk.config.DeliverySettings;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.outbox.DeliveryChats;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.telegram.outbound.retry.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what a call's answer means into the outbox, each in one transaction: SENT, back to PENDING
 * (rate limit, transient failure, migrated chat, reopened topic), or a final state.
 */
@ApplicationScoped
public class DeliveryOutcomes {

  /** After this many failed attempts (429s do not count) an entry is DEAD. */
  static final int MAX_ATTEMPTS = 10;

  @Inject OutboxStore store;
  @Inject DeliveryChats chats;
  @Inject BotStore bots;
  @Inject Event<ChatMoved> chatMoved;
  @Inject Event<TopicMoved> topicMoved;
  @Inject DeliverySettings settings;

  /** 1 s doubling up to 60 s, with full jitter: many failing calls do not come back together. */
  private final Backoff backoff =
      Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60), Backoff.Jitter.FULL);

  @Transactional
  public void sent(long entryId, JsonValue result, Instant now) {
    sentAll(Map.of(entryId, result), now);
  }

  /**
   * {@link #sent} for several entries in one transaction, in id order; when one of them fails, none
   * is written.
   */
  @Transactional
  public void sentAll(Map<Long, JsonValue> results, Instant now) {
    List<OutboxStore.SentAnswer> answers = new ArrayList<>();
    results.forEach(
        (entryId, result) ->
            answers.add(
                new OutboxStore.SentAnswer(entryId, messageIdOf(result), summaryOf(result))));
    store.markSent(answers, now);
  }

  /**
   * Telegram answered ok, but {@link #sent} failed (an effect of the answer, such as the message id
   * on the ticket's message, could not be written): SENT with that answer all the same, and the
   * effects are retried on their own ({@link FollowUps}).
   */
  @Transactional
  public void sentWithFollowUpDue(long entryId, JsonValue result, String why, Instant now) {
    Long messageId = messageIdOf(result);
    String summary = summaryOf(result);
    store.update(entryId, e -> e.sentWithFollowUpDue(messageId, summary, why, now), now);
  }

  /**
   * Telegram answered ok, but not even SENT could be written: UNCERTAIN (its lane's policy
   * decides), never PENDING, since the call was made.
   */
  @Transactional
  public void answeredButNotRecorded(long entryId, String why, Instant now) {
    store.update(
        entryId,
        e -> {
          if (e.state() == OutboxState.IN_FLIGHT) {
            e.end(
                OutboxState.UNCERTAIN,
                null,
                "Telegram answered ok, but recording the answer failed: " + why,
                now);
          }
        },
        now);
  }

  /** The message id Telegram gave, if any. */
  private static Long messageIdOf(JsonValue result) {
    if (firstMessage(result) instanceof JsonObject o
        && o.get("message_id") instanceof jakarta.json.JsonNumber n
        && n.isIntegral()) {
      return n.longValue();
    }
    return null;
  }

  /** What is kept of the answer: the topic the message went to, where Telegram says. */
  private static String summaryOf(JsonValue result) {
    if (firstMessage(result) instanceof JsonObject o && o.containsKey("message_thread_id")) {
      return JSON.createObjectBuilder()
          .add("message_thread_id", o.get("message_thread_id"))
          .build()
          .toString();
    }
    return null;
  }

  /** An album (sendMediaGroup) answers its messages: the first one stands for the call. */
  private static JsonValue firstMessage(JsonValue result) {
    if (result instanceof jakarta.json.JsonArray messages && !messages.isEmpty()) {
      return messages.get(0);
    }
    return result;
  }

  /** A claimed call that was not made (a 429 came back first): PENDING again, as it was. */
  @Transactional
  public void notMade(long entryId, Instant now) {
    store.update(
        entryId,
        e -> {
          // UNCERTAIN: another server took the bot over meanwhile; it was never made after all.
          if (e.state() == OutboxState.IN_FLIGHT || e.state() == OutboxState.UNCERTAIN) {
            e.unclaim(now);
          }
        },
        now);
  }

  /** An entry to a chat known unreachable (a 403 before): FAILED without a call. */
  @Transactional
  public void failUnreachable(long entryId, String reason, Instant now) {
    store.update(
        entryId, x -> x.end(OutboxState.FAILED, 403, "chat unreachable: " + reason, now), now);
  }

  /** An entry of a method this version does not know: FAILED without a call. */
  @Transactional
  public void failUnknownMethod(long entryId, String method, Instant now) {
    store.update(
        entryId, x -> x.end(OutboxState.FAILED, null, "unknown method " + method, now), now);
  }

  /** Cancels pending chat actions made moot by a message the customer now sees. */
  @Transactional
  public void dropChatActions(List<Long> entryIds, Instant now) {
    for (Long id : entryIds) {
      store.update(
          id,
          e -> {
            if (e.state() == OutboxState.PENDING) {
              e.end(OutboxState.CANCELLED, null, "superseded by a message to the chat", now);
            }
          },
          now);
    }
  }

  /**
   * Cancels pending entries whose lane's maximum age passed before they could go (an answer to a
   * button press Telegram would no longer take, a "typing..." that would show too late).
   */
  @Transactional
  public void dropStale(List<Long> entryIds, Instant now) {
    for (Long id : entryIds) {
      store.update(
          id,
          e -> {
            if (e.state() == OutboxState.PENDING) {
              String age = e.lane().maxAge().map(a -> a.toSeconds() + " s").orElse("its time");
              e.end(OutboxState.CANCELLED, null, "stale: not sent within " + age, now);
            }
          },
          now);
    }
  }

  /** Applies a failure decision, in one transaction with what it implies for other entries. */
  @Transactional
  public void failed(OutboxEntry entry, Decision decision, Instant retryAt, Instant now) {
    long id = entry.id();
    if (decision instanceof Decision.AlreadyDone d) {
      store.update(id, e -> e.sent(null, d.why(), now), now);
    } else if (decision instanceof Decision.RateLimited r) {
      store.update(
          id,
          e ->
              e.refusedByRateLimit(retryAt, r.description(), (int) r.retryAfter().toSeconds(), now),
          now);
    } else if (decision instanceof Decision.Transient t) {
      store.update(
          id,
          e -> {
            if (e.attempts() >= MAX_ATTEMPTS) {
              e.end(
                  OutboxState.DEAD,
                  t.code(),
                  "gave up after " + e.attempts() + " attempts: " + t.description(),
                  now);
            } else {
              e.retryLater(
                  now.plus(backoff.delay(e.attempts())), t.code(), t.description(), null, now);
            }
          },
          now);
    } else if (decision instanceof Decision.Uncertain u) {
      store.update(
          id,
          e ->
              e.end(
                  OutboxState.UNCERTAIN,
                  null,
                  "no answer after the request was written; it may have been delivered: "
                      + u.description(),
                  now),
          now);
    } else if (decision instanceof Decision.ChatUnreachable c) {
      unreachable(entry, c, now);
    } else if (decision instanceof Decision.BotUnauthorized b) {
      bots.disable(BotId.of(entry.botId()), "Telegram answered 401 " + b.description(), now);
      store.update(id, e -> e.retryLater(now, 401, b.description(), null, now), now);
    } else if (decision instanceof Decision.ChatMigrated m) {
      migrated(entry, m, now);
    } else if (decision instanceof Decision.TopicRecreated t) {
      movedToNewTopic(entry, t, now);
    } else if (decision instanceof Decision.TopicClosed t) {
      store.update(id, e -> e.retryLater(now, 400, t.description(), null, now), now);
    } else if (decision instanceof Decision.ThreadNotFound t) {
      store.update(
          id,
          e ->
              e.end(
                  OutboxState.FAILED, 400, t.description() + " (the forum topic was deleted)", now),
          now);
    } else if (decision instanceof Decision.Permanent p) {
      store.update(id, e -> e.end(OutboxState.FAILED, p.code(), p.description(), now), now);
    }
  }

  /**
   * A 403: the chat is marked unreachable, and this entry and its chat's pending ones fail. A 403
   * for a send on behalf of a Telegram Business account is the connection's refusal, not the
   * chat's: only that entry fails (the bot's own chat with the same user stays reachable).
   */
  private void unreachable(OutboxEntry entry, Decision.ChatUnreachable c, Instant now) {
    if (onBehalfOfABusiness(entry)) {
      store.update(
          entry.id(),
          e ->
              e.end(
                  OutboxState.FAILED,
                  403,
                  c.description() + " (refused for the business connection)",
                  now),
          now);
      return;
    }
    chats.markUnreachable(entry.botId(), entry.chatId(), c.description(), now);
    store.update(entry.id(), e -> e.end(OutboxState.FAILED, 403, c.description(), now), now);
    for (OutboxEntry other : store.pendingOfChat(entry.botId(), entry.chatId())) {
      store.change(
          other,
          e -> e.end(OutboxState.FAILED, 403, "chat unreachable: " + c.description(), now),
          now);
    }
  }

  private static boolean onBehalfOfABusiness(OutboxEntry entry) {
    if (entry.params() == null || !entry.params().contains("business_connection_id")) {
      return false;
    }
    try (var reader = JSON.createReader(new java.io.StringReader(entry.params()))) {
      return reader.readObject().containsKey("business_connection_id");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The group became a supergroup: this entry (sent again at once) and its chat's pending ones move
   * to the new chat id.
   */
  private void migrated(OutboxEntry entry, Decision.ChatMigrated m, Instant now) {
    chats.migrated(entry.botId(), entry.chatId(), m.newChatId());
    store.update(
        entry.id(),
        e -> {
          e.moveToChat(m.newChatId(), rewriteChat(e.params(), m.newChatId()), now);
          e.retryLater(now, 400, "chat migrated to " + m.newChatId(), null, now);
        },
        now);
    for (OutboxEntry other : store.pendingOfChat(entry.botId(), entry.chatId())) {
      store.change(
          other,
          e -> e.moveToChat(m.newChatId(), rewriteChat(e.params(), m.newChatId()), now),
          now);
    }
    chatMoved.fire(new ChatMoved(BotId.of(entry.botId()), entry.chatId(), m.newChatId()));
  }

  /**
   * The topic was deleted and a new one created (now or earlier): this entry and every pending
   * entry of the old (chat, thread) move to the new thread, keeping their ids and so their order;
   * this one is sent again at once, unless it has used up its attempts. Later calls that still name
   * the old thread follow the move too.
   */
  private void movedToNewTopic(OutboxEntry entry, Decision.TopicRecreated t, Instant now) {
    long oldThread = entry.threadKey();
    long newThread = t.newThreadId();
    String why = t.description() + "; the topic is now thread " + newThread;
    store.update(
        entry.id(),
        e -> {
          e.moveToThread(newThread, rewriteThread(e.params(), newThread), now);
          if (e.attempts() >= MAX_ATTEMPTS) {
            e.end(
                OutboxState.DEAD, 400, "gave up after " + e.attempts() + " attempts: " + why, now);
          } else {
            e.retryLater(now, 400, why, null, now);
          }
        },
        now);
    for (OutboxEntry other : store.pendingOfThread(entry.botId(), entry.chatId(), oldThread)) {
      store.change(
          other, e -> e.moveToThread(newThread, rewriteThread(e.params(), newThread), now), now);
    }
    chats.topicMoved(entry.botId(), entry.chatId(), oldThread, newThread, now);
    topicMoved.fire(new TopicMoved(BotId.of(entry.botId()), entry.chatId(), oldThread, newThread));
  }

  /**
   * After a crash: an in-flight entry whose call never left (it was waiting for its booked slot)
   * goes back to PENDING without counting the attempt; one whose call left may have reached
   * Telegram: repeating it is harmless (an edit), or its lane's policy decides ({@link
   * DeliverySettings#uncertainSends}): sent again (at-least-once, marked RESENT), or UNCERTAIN for
   * an admin (marked HELD). Only the calls in flight at the crash can so arrive twice.
   */
  @Transactional
  public void recover(OutboxEntry entry, boolean idempotent, Instant now) {
    store.update(
        entry.id(),
        e -> {
          if (e.state() != OutboxState.IN_FLIGHT) {
            return;
          }
          if (e.departedAt() == null) {
            e.unclaim(now); // claimed for a slot it never reached: the call was not made
          } else if (idempotent) {
            e.requeue(now);
          } else if (settings.uncertainSends(e.lane().wireName())
              == DeliverySettings.UncertainSends.RESEND) {
            e.resendAfterServerFailure(
                "in flight when its server stopped (claimed by "
                    + e.claimedBy()
                    + "); sent again by its lane's policy, so it may arrive twice",
                now);
          } else {
            e.holdAfterServerFailure(
                "in flight when its server stopped (claimed by "
                    + e.claimedBy()
                    + "); it may have been delivered",
                now);
          }
        },
        now);
  }

  /** Points a call at another thread; calls without message_thread_id (edits) stay as they are. */
  static String rewriteThread(String params, long newThreadId) {
    try (var reader = JSON.createReader(new StringReader(params))) {
      JsonObject p = reader.readObject();
      if (!p.containsKey("message_thread_id")) {
        return params;
      }
      return JSON.createObjectBuilder(p).add("message_thread_id", newThreadId).build().toString();
    }
  }

  static String rewriteChat(String params, long newChatId) {
    try (var reader = JSON.createReader(new StringReader(params))) {
      return JSON.createObjectBuilder(reader.readObject())
          .add("chat_id", newChatId)
          .build()
          .toString();
    }
  }
}
