package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.DeliveryChat;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The 429 pauses of one bot: which scope a 429 pauses (the whole bot or one chat), applied to the
 * bot's throttle at once and written down so that a restart keeps them; and, at start, the pauses
 * read back. The throttle is guarded by the loop's lock, which this class takes around every use.
 *
 * <p>Thread-safe: a 429 is applied by the sender thread that received it.
 */
final class RateLimitPauses {

  private static final Logger LOG = Logger.getLogger(RateLimitPauses.class.getName());

  /**
   * Two chats limited within this time: the bot's own budget is the cause, so the whole bot pauses.
   */
  static final Duration BOT_WIDE_429 = Duration.ofSeconds(1);

  /** Where pauses are written down (bot.paused_until, delivery_chat.paused_until). */
  interface Store {
    void pauseBot(Instant until);

    void pauseChat(long chatId, Instant until);

    /** The bot's row and its chats' rows. */
    static Store persistedBy(DeliveryPorts ports, BotId botId) {
      return new Store() {
        @Override
        public void pauseBot(Instant until) {
          ports.bots().pauseUntil(botId, until);
        }

        @Override
        public void pauseChat(long chatId, Instant until) {
          ports.chats().pause(botId.value(), chatId, until);
        }
      };
    }
  }

  private final BotId botId;
  private final BotThrottle throttle;
  private final Object lock;
  private final Store store;
  private final Clock clock;

  /**
   * 429 answers received. A sender that got a 429 counts it before it waits for the lock to apply
   * the pause; a call planned before that count must not go out (see {@link #receivedSince}).
   */
  private final AtomicLong received = new AtomicLong();

  /** 429 pauses applied to the throttle (under the lock). */
  private long applied;

  private Instant last429At = Instant.MIN;
  private long last429Chat;

  /**
   * @param lock guards the throttle: the loop's tick lock
   */
  RateLimitPauses(BotId botId, BotThrottle throttle, Object lock, Store store, Clock clock) {
    this.botId = botId;
    this.throttle = throttle;
    this.lock = lock;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Restores the pauses persisted by an earlier run, those still running at {@code now}.
   *
   * @param botPausedUntil the bot-wide pause (bot.paused_until), or null
   * @param chats the bot's chats with a restriction (delivery_chat)
   */
  void restore(Instant botPausedUntil, Collection<DeliveryChat> chats, Instant now) {
    synchronized (lock) {
      if (botPausedUntil != null && botPausedUntil.isAfter(now)) {
        throttle.restoreBotPause(botPausedUntil);
        LOG.info("Bot " + botId + ": paused by a 429 until " + botPausedUntil + " (persisted)");
      }
      for (DeliveryChat c : chats) {
        if (c.pausedUntil() != null && c.pausedUntil().isAfter(now)) {
          throttle.restoreChatPause(c.chatId(), c.pausedUntil());
        }
      }
    }
  }

  /**
   * The 429s applied so far, to stamp a planned call with; call under the lock. See {@link
   * #receivedSince}.
   */
  long applied() {
    return applied;
  }

  /** Whether a 429 came back since a call was planned with {@code applied} 429s known. */
  boolean receivedSince(long applied) {
    return received.get() > applied;
  }

  /**
   * Pauses for a 429 of a call to {@code chatId}. Telegram does not say which limit a 429 is about.
   * If the chat was quiet, or another chat was limited just before, the bot's overall budget is the
   * cause: the whole bot pauses; otherwise the chat (or group) alone. The pause is written down
   * (its failure is logged, and the pause holds in memory all the same).
   *
   * @return when the pause ends
   */
  Instant pauseFor429(long chatId, Decision.RateLimited r) {
    received.incrementAndGet();
    Instant until;
    boolean botWide;
    synchronized (lock) {
      Instant now = clock.instant();
      botWide =
          !throttle.chatWasBusy(chatId)
              || last429Chat != chatId && last429At.plus(BOT_WIDE_429).isAfter(now);
      until =
          botWide ? throttle.pauseBot(r.retryAfter()) : throttle.pauseChat(chatId, r.retryAfter());
      last429At = now;
      last429Chat = chatId;
      applied++;
    }
    try {
      // Written down so that a restart keeps the pause (see restore).
      if (botWide) {
        store.pauseBot(until);
      } else {
        store.pauseChat(chatId, until);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "Bot " + botId + ": could not persist the 429 pause", ex);
    }
    LOG.warning(
        "Bot "
            + botId
            + ": 429 for chat "
            + chatId
            + " ("
            + r.description()
            + "); pausing "
            + (botWide ? "the whole bot" : "that chat")
            + " until "
            + until);
    return until;
  }
}
