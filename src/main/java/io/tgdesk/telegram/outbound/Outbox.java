package io.tgdesk.telegram.outbound;

import static io.tgdesk.telegram.outbound.DeliveryJson.JSON;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.OutboxBatch;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one way to send anything to Telegram. {@link #enqueue} writes the call into the outbox in the
 * caller's transaction (or a new one): if the caller rolls back, nothing is sent; once it commits,
 * the call will be made, or end in an explicit FAILED / UNCERTAIN / DEAD state.
 */
@ApplicationScoped
public class Outbox {

  static final java.time.Duration CHAT_ACTION_INTERVAL = java.time.Duration.ofSeconds(4);

  @Inject OutboxStore store;
  @Inject Clock clock;
  @Inject Event<OutboxEnqueued> enqueued;

  /**
   * Enqueues a call. With a coalescing key, a still-pending call with the same key takes the new
   * parameters instead (its place in the queue and its send time stay); when the engine took that
   * call meanwhile, this one is queued on its own, after it.
   *
   * @return the id of the outbox entry that will carry the call
   */
  @Transactional
  public long enqueue(OutboundCall call) {
    return add(call).id();
  }

  /**
   * Enqueues a chat action ("typing...") unless one to the same chat and thread was sent within the
   * last 4 s or is still pending (that one then takes the new parameters): at most one per chat
   * every 4 s. Joins the caller's transaction, or starts one.
   *
   * @return whether a new call was queued; false when an earlier one covers it
   */
  @Transactional
  public boolean tryEnqueueChatAction(OutboundCall call) {
    if (call.method() != BotMethod.SEND_CHAT_ACTION) {
      throw new IllegalArgumentException("not a chat action: " + call.method());
    }
    return add(call).added();
  }

  /** The entry that carries a call, and whether it was added for it (not coalesced). */
  private record Added(long id, boolean added) {}

  private Added add(OutboundCall call) {
    Instant now = clock.instant();
    String params = withDestination(call).toString();
    String coalesceKey = call.coalesceKey();
    boolean chatAction = call.method() == BotMethod.SEND_CHAT_ACTION;
    if (chatAction) {
      coalesceKey =
          "chat-action:" + call.chatId() + ":" + (call.threadId() == null ? 0 : call.threadId());
    } else if (call.method() == BotMethod.EDIT_MESSAGE_TEXT && coalesceKey == null) {
      // A newer edit of the same message replaces a pending one.
      coalesceKey = "edit:" + call.chatId() + ":" + call.params().get("message_id");
    }
    if (coalesceKey != null) {
      var pending = store.findPendingToCoalesce(call.botId().value(), coalesceKey);
      // The same parameters (a second "typing..."): nothing to write, so nothing to race with the
      // loop claiming that entry. Else a pending one takes the new ones, unless the engine took it
      // meanwhile: then this call goes on its own.
      if (pending.isPresent()
          && (pending.get().params().equals(params)
              || store.replacePendingParams(pending.get(), params, now))) {
        return new Added(pending.get().id(), false);
      }
    }
    if (chatAction) {
      // A chat action shows for 5 s: one per chat per 4 s is enough, and one on its way counts.
      // Asked after the pending one: an entry the loop claims in between is in flight by now.
      var recent =
          store.recentlySent(
              call.botId().value(),
              call.chatId(),
              call.method().wireName(),
              now.minus(CHAT_ACTION_INTERVAL));
      if (recent.isPresent()) {
        return new Added(recent.get().id(), false);
      }
    }
    OutboxEntry e =
        store.insert(
            call.botId().value(),
            call.method().wireName(),
            params,
            call.chatId(),
            call.threadId() == null ? 0 : call.threadId(),
            call.lane(),
            call.category(),
            // The derived key too (edits, chat actions): a later call must find this one.
            coalesceKey,
            call.paid(),
            now.plus(call.coalesceWindow()),
            now);
    enqueued.fire(new OutboxEnqueued(call.botId()));
    return new Added(e.id(), true);
  }

  /**
   * Enqueues many calls in the caller's transaction, all or none, in their order (as many {@link
   * #enqueue} calls would, but written in batches: a 10,000-message request is answered in about a
   * second instead of most of a minute).
   *
   * @return the outbox entry ids, in the order of the calls
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Long> enqueueAll(List<OutboundCall> calls) {
    Instant now = clock.instant();
    OutboxBatch batch = store.batch(now);
    List<Supplier<Long>> ids = new ArrayList<>(calls.size());
    Set<BotId> bots = new LinkedHashSet<>();
    for (OutboundCall call : calls) {
      if (call.coalesceKey() != null
          || call.method() == BotMethod.SEND_CHAT_ACTION
          || call.method() == BotMethod.EDIT_MESSAGE_TEXT) {
        // These look for an earlier entry to replace: one at a time, after what came before.
        batch.flush();
        long id = enqueue(call);
        ids.add(() -> id);
        continue;
      }
      OutboxEntry e =
          batch.add(
              call.botId().value(),
              call.method().wireName(),
              withDestination(call).toString(),
              call.chatId(),
              call.threadId() == null ? 0 : call.threadId(),
              call.lane(),
              call.category(),
              call.paid(),
              now.plus(call.coalesceWindow()));
      ids.add(e::id);
      bots.add(call.botId());
    }
    batch.flush();
    bots.forEach(bot -> enqueued.fire(new OutboxEnqueued(bot)));
    return ids.stream().map(Supplier::get).toList();
  }

  /**
   * Gives the still-pending call with the call's coalescing key the call's parameters, for a caller
   * whose new parameters build on that call's (texts combined into it, notices that keep what the
   * pending one said). Empty when no such call is pending, or when the engine took it meanwhile:
   * then nothing was written, and the caller queues what is new on its own. Joins the caller's
   * transaction, or starts one.
   *
   * @return the id of the entry that now carries the call
   */
  @Transactional
  public OptionalLong replacePending(OutboundCall call) {
    if (call.coalesceKey() == null) {
      throw new IllegalArgumentException("no coalescing key: " + call.method());
    }
    var pending = store.findPendingToCoalesce(call.botId().value(), call.coalesceKey());
    if (pending.isEmpty()) {
      return OptionalLong.empty();
    }
    String params = withDestination(call).toString();
    return pending.get().params().equals(params)
            || store.replacePendingParams(pending.get(), params, clock.instant())
        ? OptionalLong.of(pending.get().id())
        : OptionalLong.empty();
  }

  /**
   * Whether a call with this coalescing key is still waiting to be sent, so that a call with the
   * same key may replace it ({@link #replacePending}, which tells whether it still could).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean hasPendingCoalescing(BotId bot, String coalesceKey) {
    return store.findPendingToCoalesce(bot.value(), coalesceKey).isPresent();
  }

  /**
   * Erases what the calls with these coalescing keys (or keys starting with {@code keyPrefix})
   * would say or said, when the data behind them must be forgotten (a customer's or a shop's
   * redaction): a pending call is cancelled, and every such entry keeps only its chat, state and
   * times, its parameters replaced by {@code {"erased": reason}}. A call already in flight cannot
   * be recalled; its parameters are erased once it has settled only if this is called again. Joins
   * the caller's transaction.
   *
   * @return how many entries were erased
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int erase(BotId bot, java.util.Collection<String> keys, String keyPrefix, String reason) {
    return eraseEntries(store.withCoalesceKeys(bot.value(), keys, keyPrefix), reason);
  }

  /**
   * Erases the next {@code limit} entries to a chat created before {@code before} with an id above
   * {@code afterId} as {@link #erase} does (pending ones are cancelled; one in flight keeps its
   * parameters until it settles), and forgets the chat's delivery state once none is left. Joins
   * the caller's transaction.
   *
   * @return the entries seen, in id order (the last one's id is where the next batch starts)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Long> eraseToChat(
      BotId bot, long chatId, Instant before, long afterId, int limit, String reason) {
    List<OutboxEntry> batch = store.toChat(bot.value(), chatId, before, afterId, limit, true);
    eraseEntries(batch, reason);
    if (batch.size() < limit) {
      store.forgetChat(bot.value(), chatId);
    }
    return batch.stream().map(OutboxEntry::id).toList();
  }

  /**
   * Erases every entry of one forum topic of a chat as {@link #erase} does (pending ones are
   * cancelled; one in flight keeps its parameters until it settles). Joins the caller's
   * transaction.
   *
   * @return how many were erased
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int eraseToTopic(BotId bot, long chatId, long threadId, String reason) {
    return eraseEntries(store.idsOfThread(bot.value(), chatId, threadId), reason);
  }

  /** As {@link #erase}, for the entries with these ids. Joins the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public int eraseEntries(java.util.Collection<Long> ids, String reason) {
    return eraseEntries(store.withIds(ids), reason);
  }

  /** The entries to a chat (all threads), oldest first, as admins see them. */
  public List<OutboxView> toChat(BotId bot, long chatId) {
    return store.toChat(bot.value(), chatId, Instant.MAX, 0, Integer.MAX_VALUE, false).stream()
        .map(OutboxView::of)
        .toList();
  }

  private int eraseEntries(List<OutboxEntry> entries, String reason) {
    Instant now = clock.instant();
    int erased = 0;
    for (OutboxEntry e : entries) {
      if (e.state() == OutboxState.IN_FLIGHT) {
        continue;
      }
      String blank =
          JSON.createObjectBuilder()
              .add("chat_id", e.chatId())
              .add("erased", reason)
              .build()
              .toString();
      store.change(
          e,
          x -> {
            if (x.state() == OutboxState.PENDING) {
              x.end(OutboxState.CANCELLED, null, "erased: " + reason, now);
            }
            x.eraseContent(blank, now);
          },
          now);
      erased++;
    }
    return erased;
  }

  private static JsonObject withDestination(OutboundCall call) {
    if (call.method() == BotMethod.ANSWER_CALLBACK_QUERY) {
      return call.params(); // addressed by the query's id; its chat is for ordering and audit only
    }
    var b = JSON.createObjectBuilder(call.params()).add("chat_id", call.chatId());
    // The General topic is addressed without message_thread_id ("message thread not found"
    // otherwise).
    if (call.threadId() != null && call.threadId() != 1L) {
      b.add("message_thread_id", call.threadId());
    }
    return b.build();
  }
}
