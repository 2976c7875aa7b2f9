package io.tgdesk.testing;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Telegram's flood control for one bot of {@link FakeTelegram}: sliding windows per scope (the
 * bot's budget, each chat) and the wait a refused call starts for its scope.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller, so that tests can drive it
 * with made-up times. Not thread-safe: the bot's state guards it with its lock.
 */
final class FloodControl {

  /** The longest wait an escalating penalty reaches, in seconds. */
  static final int MAX_RETRY_AFTER_SECONDS = 240;

  private static final long SECOND = SECONDS.toNanos(1);
  private static final long MINUTE = MINUTES.toNanos(1);

  /** How a call counts against the limits. */
  enum Kind {
    /** Puts a message into the chat: the bot's budget and the chat's message windows. */
    MESSAGE,
    /** Edits a message: the bot's budget and, in a group, the group's edit window. */
    EDIT,
    /** Anything else (chat actions, deletes, topic edits): the bot's budget only. */
    OTHER
  }

  /**
   * What one call counts toward: {@code group} is true for any chat that is not private; {@code
   * paid} moves the call from the bot's free budget to its paid one.
   */
  record Charge(long chatId, boolean group, Kind kind, boolean paid, int items) {

    /** A call that puts at most one message into its chat. */
    Charge(long chatId, boolean group, Kind kind, boolean paid) {
      this(chatId, group, kind, paid, 1);
    }
  }

  /** A window with the limit it has for the call being admitted. */
  private record Limited(Window window, int limit) {}

  private final Window freeBudget = new Window(SECOND);
  private final Window paidBudget = new Window(SECOND);
  private final Penalty botWait = new Penalty();
  private final Map<Long, ChatFlood> chats = new HashMap<>();
  private int escalations;
  private int maxRetryAfter = MAX_RETRY_AFTER_SECONDS;

  /**
   * Caps every wait this bot's 429s start or escalate to, in seconds (1 or more; {@link
   * #MAX_RETRY_AFTER_SECONDS} until set). A wait already running keeps its end.
   */
  void capRetryAfter(int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("The cap is 1 s or more: " + seconds);
    }
    maxRetryAfter = Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
  }

  /**
   * Admits and counts a call, or refuses it without counting it.
   *
   * @param now {@link System#nanoTime()} of the call
   * @return empty when admitted, else the {@code retry_after} seconds of the 429 answer
   */
  OptionalInt admit(Charge charge, FakeTelegram.Limits limits, long now) {
    ChatFlood chat =
        countsInChat(charge) ? chats.computeIfAbsent(charge.chatId(), id -> new ChatFlood()) : null;
    if (botWait.isActive(now)) {
      return OptionalInt.of(escalate(botWait, now));
    }
    if (chat != null && chat.wait.isActive(now)) {
      return OptionalInt.of(escalate(chat.wait, now));
    }
    long tolerance = limits.tolerance().toNanos();
    Limited budget =
        charge.paid()
            ? new Limited(paidBudget, limits.paidPerSecond())
            : new Limited(freeBudget, limits.botPerSecond());
    if (budget.window().isFull(now, budget.limit(), tolerance)) {
      return OptionalInt.of(botWait.start(Math.min(limits.botRetryAfter(), maxRetryAfter), now));
    }
    List<Limited> chatWindows = chat == null ? List.of() : chat.windows(charge, limits);
    int items = Math.max(1, charge.items());
    for (Limited limited : chatWindows) {
      // An album's items all need room in a minute window; a second window takes them one after
      // another (below), so it needs room for the first.
      int room = limited.window().length == SECOND ? limited.limit() : limited.limit() - items + 1;
      if (limited.window().isFull(now, Math.max(1, room), tolerance)) {
        int seconds = charge.group() ? limits.groupRetryAfter() : limits.chatRetryAfter();
        return OptionalInt.of(chat.wait.start(Math.min(seconds, maxRetryAfter), now));
      }
    }
    // One call of the bot's budget, whatever it carries.
    budget.window().add(now, budget.limit());
    for (Limited limited : chatWindows) {
      for (int i = 0; i < items; i++) {
        // An album's items count in the chat as messages one per limit's pace: the chat's next
        // message must wait for all of them.
        long at =
            limited.window().length == SECOND && limited.limit() != Integer.MAX_VALUE
                ? now + i * (SECOND / limited.limit())
                : now;
        limited.window().add(at, limited.limit());
      }
    }
    return OptionalInt.empty();
  }

  /** How many calls were refused because they came while their scope was waiting. */
  int escalations() {
    return escalations;
  }

  private static boolean countsInChat(Charge charge) {
    return switch (charge.kind()) {
      case MESSAGE -> true;
      case EDIT -> charge.group();
      case OTHER -> false;
    };
  }

  private int escalate(Penalty wait, long now) {
    escalations++;
    return wait.escalate(maxRetryAfter, now);
  }

  /** The windows and the wait of one chat. */
  private static final class ChatFlood {

    final Window messagesPerSecond = new Window(SECOND);
    final Window messagesPerMinute = new Window(MINUTE);
    final Window editsPerMinute = new Window(MINUTE);
    final Penalty wait = new Penalty();

    List<Limited> windows(Charge charge, FakeTelegram.Limits limits) {
      List<Limited> windows = new ArrayList<>();
      if (charge.kind() == Kind.EDIT) {
        windows.add(new Limited(editsPerMinute, limits.groupEditsPerMinute()));
      } else if (charge.group()) {
        windows.add(new Limited(messagesPerSecond, limits.groupPerSecond()));
        windows.add(new Limited(messagesPerMinute, limits.groupPerMinute()));
      } else {
        windows.add(new Limited(messagesPerSecond, limits.privatePerSecond()));
      }
      return windows;
    }
  }

  /**
   * A sliding window over the times of admitted calls. It keeps at most as many times as its limit,
   * since only the newest ones decide whether it is full.
   */
  static final class Window {

    private final long length;
    private final Deque<Long> times = new ArrayDeque<>();

    /** A window of {@code lengthNanos} (before the tolerance shrinks it). */
    Window(long lengthNanos) {
      this.length = lengthNanos;
    }

    /**
     * Whether {@code limit} calls were already admitted within the last {@code length − tolerance}
     * before {@code now}: then one more call violates the limit.
     */
    boolean isFull(long now, int limit, long tolerance) {
      while (!times.isEmpty() && now - times.peekFirst() >= length) {
        times.removeFirst();
      }
      long span = length - Math.min(tolerance, length);
      int recent = 0;
      Iterator<Long> newestFirst = times.descendingIterator();
      while (recent < limit && newestFirst.hasNext() && now - newestFirst.next() < span) {
        recent++;
      }
      return recent >= limit;
    }

    /** Counts an admitted call. */
    void add(long now, int limit) {
      if (limit == Integer.MAX_VALUE) {
        return; // Unlimited: nothing to remember.
      }
      times.addLast(now);
      while (times.size() > limit) {
        times.removeFirst();
      }
    }
  }

  /** The wait of one scope after a 429, doubling while the client keeps calling into it. */
  private static final class Penalty {

    private long until;
    private int seconds;

    boolean isActive(long now) {
      return seconds > 0 && until - now > 0;
    }

    /** Starts a wait of {@code seconds}; answers them. */
    int start(int waitSeconds, long now) {
      seconds = waitSeconds;
      until = now + SECONDS.toNanos(waitSeconds);
      return waitSeconds;
    }

    /** Restarts the wait with its length doubled, up to {@code cap}; answers the new length. */
    int escalate(int cap, long now) {
      return start(Math.min(cap, Math.max(seconds, Math.min(2 * seconds, cap))), now);
    }
  }
}
