package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure analysis of who wrote to a chat around its 429s: two or more agents, or an agent and an
 * automation (status notices, auto-replies, Shopify notices, ...), enqueueing for the same chat
 * within seconds of each other. No database, no clock: everything comes in as arguments.
 * Thread-safe (stateless).
 */
public final class ConcurrencyAnalysis {

  private ConcurrencyAnalysis() {}

  /**
   * One outbox entry for a chat, by who enqueued it.
   *
   * @param entryId the outbox entry
   * @param at when it was enqueued
   * @param sender the agent's name, or the automation's outbox category
   * @param agent whether an agent wrote it (a reply, a canned response, an edit or deletion)
   */
  public record Send(long entryId, Instant at, long chatId, String sender, boolean agent) {}

  /**
   * One sender's entries for a chat in the seconds before its 429s.
   *
   * @param first the first of them
   * @param last the last of them
   */
  public record Sender(String name, int sends, Instant first, Instant last) {}

  /**
   * A chat Telegram refused with 429 while several senders wrote to it.
   *
   * @param tooManyRequests its 429s in the range
   * @param concurrent429s those of them with two or more senders in the window before
   * @param agents the agents who wrote in the windows before those 429s, most sends first
   * @param automations the automations (by outbox category) that did, most sends first
   */
  public record ChatConcurrency(
      long chatId,
      int tooManyRequests,
      int concurrent429s,
      Instant first429,
      Instant last429,
      List<Sender> agents,
      List<Sender> automations) {}

  /**
   * The chats whose 429s came while two or more agents, or an agent and an automation, wrote to
   * them within {@code window} before the 429: most concurrent 429s first. A chat written to by one
   * sender only (however fast) is not among them: that is a single sender's burst.
   *
   * @param hits the 429s, any order; hits without a chat are ignored
   * @param sends the entries for the chats, any order
   * @param window how long before a 429 an entry counts as written "at the same time"
   */
  public static List<ChatConcurrency> concurrentChats(
      List<RateAnalysis.Hit> hits, List<Send> sends, Duration window) {
    Map<Long, List<Instant>> hitsByChat = new TreeMap<>();
    for (RateAnalysis.Hit h : hits) {
      if (h.chatId() != null) {
        hitsByChat.computeIfAbsent(h.chatId(), k -> new ArrayList<>()).add(h.at());
      }
    }
    Map<Long, List<Send>> sendsByChat = new TreeMap<>();
    for (Send s : sends) {
      sendsByChat.computeIfAbsent(s.chatId(), k -> new ArrayList<>()).add(s);
    }
    List<ChatConcurrency> out = new ArrayList<>();
    hitsByChat.forEach(
        (chat, times) -> {
          times.sort(Comparator.naturalOrder());
          List<Send> chatSends = sendsByChat.getOrDefault(chat, List.of());
          Set<Send> involved = new LinkedHashSet<>();
          List<Instant> concurrent = new ArrayList<>();
          for (Instant hit : times) {
            List<Send> before =
                chatSends.stream()
                    .filter(s -> !s.at().isAfter(hit) && !s.at().isBefore(hit.minus(window)))
                    .toList();
            long agentCount =
                before.stream().filter(Send::agent).map(Send::sender).distinct().count();
            long senderCount =
                before.stream()
                    .map(s -> (s.agent() ? "agent:" : "automation:") + s.sender())
                    .distinct()
                    .count();
            if (agentCount >= 1 && senderCount >= 2) {
              concurrent.add(hit);
              involved.addAll(before);
            }
          }
          if (!concurrent.isEmpty()) {
            out.add(
                new ChatConcurrency(
                    chat,
                    times.size(),
                    concurrent.size(),
                    concurrent.get(0),
                    concurrent.get(concurrent.size() - 1),
                    senders(involved, true),
                    senders(involved, false)));
          }
        });
    out.sort(Comparator.comparingInt(ChatConcurrency::concurrent429s).reversed());
    return out;
  }

  /** The agents (or the automations) among the entries, most entries first. */
  private static List<Sender> senders(Set<Send> sends, boolean agents) {
    Map<String, List<Instant>> times = new TreeMap<>();
    for (Send s : sends) {
      if (s.agent() == agents) {
        times.computeIfAbsent(s.sender(), k -> new ArrayList<>()).add(s.at());
      }
    }
    List<Sender> out = new ArrayList<>();
    times.forEach(
        (name, at) -> {
          at.sort(Comparator.naturalOrder());
          out.add(new Sender(name, at.size(), at.get(0), at.get(at.size() - 1)));
        });
    out.sort(Comparator.comparingInt(Sender::sends).reversed().thenComparing(Sender::name));
    return out;
  }
}
