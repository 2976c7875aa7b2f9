package io.tgdesk.telegram.outbound.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The limits of one bot, applied before a call is made: {@link #earliest} says when a call may go
 * out, {@link #record} books it, possibly for a slot a little ahead of now. The bot budget is a
 * sequence of slots spaced 1/limit apart plus a 1% margin (no burst); the dispatcher books slots
 * slightly ahead so that a late tick loses none, and a gate on the real start times ({@link
 * StartGate}) keeps the spacing when a thread starts late. Private chats are spaced; groups are
 * spaced and held to a sliding minute window (messages and edits apart). A 429 pauses exactly its
 * scope with {@link #pauseChat} or {@link #pauseBot}.
 *
 * <p>Not thread-safe: one bot's dispatcher owns it and calls it from one thread at a time.
 */
public final class BotThrottle {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Clock clock;
  private volatile Limits limits;
  private Instant botNext = Instant.EPOCH;
  private Instant paidNext = Instant.EPOCH;
  private Instant botPausedUntil = Instant.MIN;
  private final Map<Long, ChatState> chats = new HashMap<>();

  /** How often {@link #forgetIdleChats} looks for idle chats at most. */
  static final Duration IDLE_SWEEP_EVERY = Duration.ofSeconds(10);

  private Instant nextIdleSweep = Instant.MIN;

  public BotThrottle(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public Limits limits() {
    return limits;
  }

  /** New limits take effect for the next call; what was booked stays booked. */
  public void changeLimits(Limits limits) {
    this.limits = limits;
  }

  /**
   * The earliest instant at which this call would exceed no limit and hit no pause (never before
   * now).
   */
  public Instant earliest(long chatId, CallKind kind, boolean paid) {
    return earliest(chatId, kind, paid, clock.instant());
  }

  /**
   * As {@link #earliest(long, CallKind, boolean)}, as seen at {@code now} (one instant for a whole
   * plan).
   */
  public Instant earliest(long chatId, CallKind kind, boolean paid, Instant now) {
    return max(chatReady(chatId, kind, now), budgetNext(paid, now));
  }

  /**
   * The next free slot of the bot budget this call uses (the free one, or the paid one when paid
   * and opted in), never before now. Slots are spaced 1/limit apart plus the margin.
   */
  public Instant budgetNext(boolean paid, Instant now) {
    return max(now, usesPaidBudget(paid) ? paidNext : botNext);
  }

  /** The calls per second of the budget this call uses. */
  public int budgetPerSecond(boolean paid) {
    return usesPaidBudget(paid) ? limits.paidPerSecond() : limits.botPerSecond();
  }

  /** The spacing of the budget this call uses: 1/limit. */
  public Duration budgetSpacing(boolean paid) {
    return pace(usesPaidBudget(paid) ? limits.paidPerSecond() : limits.botPerSecond());
  }

  /**
   * The earliest instant the chat's own limits and every pause (the bot's, the chat's) allow this
   * call, leaving the bot budget aside; never before now.
   */
  public Instant chatReady(long chatId, CallKind kind, Instant now) {
    return chatReady(chatId, kind, now, 1);
  }

  /**
   * As {@link #chatReady(long, CallKind, Instant)} for a call that puts {@code items} messages into
   * the chat at once (an album): a group's minute window must have room for all of them.
   */
  public Instant chatReady(long chatId, CallKind kind, Instant now, int items) {
    Instant t = max(now, botPausedUntil);
    ChatState chat = chats.get(chatId);
    if (chat == null) {
      return t;
    }
    t = max(t, chat.pausedUntil);
    boolean group = isGroup(chatId);
    if (kind == CallKind.MESSAGE) {
      // After an album, the spacing of each of its items (they moved with lastMessage).
      t =
          max(
              t,
              chat.lastMessage
                  .plus(chat.albumExtra)
                  .plus(group ? limits.groupSpacing() : limits.privateSpacing()));
      if (group) {
        t = max(t, windowFree(chat.minuteMessages, limits.groupPerMinute(), items));
      }
    } else if (kind == CallKind.EDIT && group) {
      t = max(t, windowFree(chat.minuteEdits, limits.groupEditsPerMinute(), 1));
    }
    return t;
  }

  /** The earliest instant a bot-wide 429 pause allows any call, never before now. */
  public Instant botReady(Instant now) {
    return max(now, botPausedUntil);
  }

  /** Whether the call may go out now; if so it is booked. */
  public boolean tryAcquire(long chatId, CallKind kind, boolean paid) {
    if (earliest(chatId, kind, paid).isAfter(clock.instant())) {
      return false;
    }
    record(chatId, kind, paid);
    return true;
  }

  /** Books a call made now. */
  public void record(long chatId, CallKind kind, boolean paid) {
    record(chatId, kind, paid, clock.instant());
  }

  /** Books a call for {@code now} (or a slot ahead of now). */
  public void record(long chatId, CallKind kind, boolean paid, Instant now) {
    record(chatId, kind, paid, now, 1);
  }

  /**
   * Books a call that puts {@code items} messages into the chat (an album): one call of the bot's
   * budget, {@code items} messages of the chat's windows. The chat's next message waits for the
   * spacing of each item (Telegram counts an album's messages one by one).
   */
  public void record(long chatId, CallKind kind, boolean paid, Instant now, int items) {
    if (usesPaidBudget(paid)) {
      paidNext = max(paidNext, now).plus(pace(limits.paidPerSecond()));
    } else {
      botNext = max(botNext, now).plus(pace(limits.botPerSecond()));
    }
    if (kind == CallKind.OTHER) {
      return;
    }
    ChatState chat = chats.computeIfAbsent(chatId, id -> new ChatState());
    boolean group = isGroup(chatId);
    if (kind == CallKind.MESSAGE) {
      chat.previousMessage = chat.lastMessage;
      chat.lastMessage = now;
      Duration spacing = group ? limits.groupSpacing() : limits.privateSpacing();
      chat.albumExtra = spacing.multipliedBy(Math.max(0, items - 1));
      if (group) {
        for (int i = 0; i < Math.max(1, items); i++) {
          chat.minuteMessages.addLast(now);
        }
        trim(chat.minuteMessages, limits.groupPerMinute());
      }
    } else if (group) {
      chat.minuteEdits.addLast(now);
      trim(chat.minuteEdits, limits.groupEditsPerMinute());
    }
  }

  /**
   * A booked call was answered: the chat's limits count from the answer rather than the booked
   * slot, because the call may have reached Telegram any time up to then (it waited for its turn at
   * the bot's gate or for a thread, or took long on the way). The chat's next call, booked only
   * after this answer, so keeps the full spacing as Telegram sees it.
   */
  public void answered(long chatId, CallKind kind, Instant booked, Instant actual) {
    ChatState chat = chats.get(chatId);
    if (chat == null || kind == CallKind.OTHER || !actual.isAfter(booked)) {
      return;
    }
    if (kind == CallKind.MESSAGE) {
      if (chat.lastMessage.equals(booked)) {
        chat.lastMessage = actual;
      }
      moveLast(chat.minuteMessages, booked, actual);
    } else {
      moveLast(chat.minuteEdits, booked, actual);
    }
  }

  private static void moveLast(ArrayDeque<Instant> window, Instant booked, Instant actual) {
    if (booked.equals(window.peekLast())) {
      window.pollLast();
      window.addLast(actual);
    }
  }

  /**
   * A booked call left later than it was booked (claiming it and handing it to a sender take time,
   * more on a loaded machine): its chat's limits count from when it left, so that a late call and
   * the chat's next one do not reach Telegram closer together than the limit allows. Only the
   * chat's last booking moves, and only later; the bot budget stays as booked.
   */
  public void started(long chatId, CallKind kind, Instant at) {
    ChatState chat = chats.get(chatId);
    if (chat == null || kind == CallKind.OTHER) {
      return;
    }
    if (kind == CallKind.MESSAGE) {
      if (at.isAfter(chat.lastMessage)) {
        if (chat.lastMessage.equals(chat.minuteMessages.peekLast())) {
          chat.minuteMessages.pollLast();
          chat.minuteMessages.addLast(at);
        }
        chat.lastMessage = at;
      }
    } else if (isGroup(chatId)
        && !chat.minuteEdits.isEmpty()
        && at.isAfter(chat.minuteEdits.peekLast())) {
      chat.minuteEdits.pollLast();
      chat.minuteEdits.addLast(at);
    }
  }

  /** A 429 for one chat or group: no call to it before retry_after (+ margin) has passed. */
  public Instant pauseChat(long chatId, Duration retryAfter) {
    ChatState chat = chats.computeIfAbsent(chatId, id -> new ChatState());
    Instant until = clock.instant().plus(retryAfter).plus(limits.retryMargin());
    chat.pausedUntil = max(chat.pausedUntil, until);
    return chat.pausedUntil;
  }

  /** A 429 for the whole bot (its overall budget): no call at all before retry_after (+ margin). */
  public Instant pauseBot(Duration retryAfter) {
    botPausedUntil =
        max(botPausedUntil, clock.instant().plus(retryAfter).plus(limits.retryMargin()));
    return botPausedUntil;
  }

  /**
   * Whether a 429 for the last call to this chat can be the chat's own limit: the message before it
   * went to the same chat within the spacing (+ a second of slack), or the group's minute window is
   * full. If not, the chat was quiet and the bot's overall budget must be what Telegram limited.
   */
  public boolean chatWasBusy(long chatId) {
    ChatState chat = chats.get(chatId);
    if (chat == null) {
      return false;
    }
    boolean group = isGroup(chatId);
    Duration spacing = group ? limits.groupSpacing() : limits.privateSpacing();
    if (chat.previousMessage.plus(spacing).plusSeconds(1).isAfter(chat.lastMessage)) {
      return true;
    }
    return group
        && chat.minuteMessages.size() >= limits.groupPerMinute()
        && chat.minuteMessages.peekFirst().plus(MINUTE).isAfter(clock.instant());
  }

  /** Restores a pause that was persisted (e.g. after a restart). */
  public void restoreChatPause(long chatId, Instant until) {
    chats.computeIfAbsent(chatId, id -> new ChatState()).pausedUntil = until;
  }

  /** Restores a bot-wide pause that was persisted (e.g. after a restart). */
  public void restoreBotPause(Instant until) {
    botPausedUntil = max(botPausedUntil, until);
  }

  /**
   * Drops the state of chats idle for more than a minute (their windows are empty anyway). It looks
   * at every chat, so it does so at most once in {@link #IDLE_SWEEP_EVERY}: called after every tick
   * with answers, a look each time took a tenth of the paid lane's CPU with 10,000 chats tracked.
   */
  public void forgetIdleChats() {
    Instant now = clock.instant();
    if (now.isBefore(nextIdleSweep)) {
      return;
    }
    nextIdleSweep = now.plus(IDLE_SWEEP_EVERY);
    Instant cutoff = now.minus(MINUTE);
    chats
        .values()
        .removeIf(
            c ->
                c.lastMessage.isBefore(cutoff)
                    && c.pausedUntil.isBefore(cutoff)
                    && (c.minuteMessages.isEmpty() || c.minuteMessages.peekLast().isBefore(cutoff))
                    && (c.minuteEdits.isEmpty() || c.minuteEdits.peekLast().isBefore(cutoff)));
  }

  int trackedChats() {
    return chats.size();
  }

  /** Chat ids below zero are groups, supergroups and channels. */
  public static boolean isGroup(long chatId) {
    return chatId < 0;
  }

  /** Whether a call with this paid flag uses the paid budget (paid, and the bot opted in). */
  public boolean paidBudget(boolean paid) {
    return usesPaidBudget(paid);
  }

  private boolean usesPaidBudget(boolean paid) {
    return paid && limits.paidPerSecond() > 0;
  }

  /**
   * When a sliding one-minute window holding the last {@code limit} calls has room for one more.
   */
  private static Instant windowFree(ArrayDeque<Instant> window, int limit, int items) {
    // Room for `items` more: all but the newest (limit - items) of the window must be a minute
    // old, i.e. its k-th oldest, k = size - limit + items.
    int k = Math.min(window.size(), window.size() - limit + Math.max(1, items));
    if (k <= 0) {
      return Instant.MIN;
    }
    var oldestFirst = window.iterator();
    Instant kth = null;
    for (int i = 0; i < k; i++) {
      kth = oldestFirst.next();
    }
    return kth.plus(MINUTE);
  }

  private static void trim(ArrayDeque<Instant> window, int limit) {
    while (window.size() > limit) {
      window.pollFirst();
    }
  }

  /** The spacing of the budget a call uses: the paid one or the bot's own. */
  public Duration pace(boolean paid) {
    Limits l = limits;
    return pace(paid && l.paidPerSecond() > 0 ? l.paidPerSecond() : l.botPerSecond());
  }

  /**
   * The spacing of a per-second budget: 1/limit stretched by {@link #PACE_MARGIN_PERMILLE}, so that
   * any {@code perSecond + 1} consecutive calls span a second plus about 10 ms at 30/s. The margin
   * absorbs a call held up on its way (a thread scheduled late, a slow connection) without bringing
   * 31 calls inside Telegram's second; it costs 1% of the budget.
   */
  private static Duration pace(int perSecond) {
    long nanos = 1_000_000_000L * (1000 + PACE_MARGIN_PERMILLE) / 1000;
    return Duration.ofNanos((nanos + perSecond - 1) / Math.max(1, perSecond));
  }

  /** How much slower than its limit a budget is paced, in thousandths. */
  static final int PACE_MARGIN_PERMILLE = 10;

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static final class ChatState {
    Instant lastMessage = Instant.MIN;

    /** How much longer than one message the last call occupies the chat (an album's items). */
    Duration albumExtra = Duration.ZERO;

    Instant previousMessage = Instant.MIN;
    Instant pausedUntil = Instant.MIN;
    final ArrayDeque<Instant> minuteMessages = new ArrayDeque<>();
    final ArrayDeque<Instant> minuteEdits = new ArrayDeque<>();
  }
}
