package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * 429s in chats that two or more agents, or an agent and an automation, wrote to within the same
 * seconds: each sender keeps within the chat's limit, together they do not. Who wrote an entry
 * comes from the outbox (its category) and, for an agent's reply, the conversation message it
 * carries (the agent's name).
 */
@ApplicationScoped
class AgentConcurrencyRule implements FindingRule {

  /** How long before a 429 an entry for the same chat counts as written at the same time. */
  static final Duration WINDOW = Duration.ofSeconds(10);

  /** The most chats (those with the most 429s) whose writers are read. */
  static final int MAX_CHATS = 50;

  /** The most chats the evidence lists. */
  static final int LISTED_CHATS = 10;

  @PersistenceContext EntityManager em;
  @Inject RateQueries rates;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits =
        rates.tooManyRequests(botId, from, to).stream().filter(h -> h.chatId() != null).toList();
    if (hits.isEmpty()) {
      return Optional.empty();
    }
    Map<Long, Long> byChat =
        hits.stream()
            .collect(Collectors.groupingBy(RateAnalysis.Hit::chatId, Collectors.counting()));
    List<Long> chats =
        byChat.entrySet().stream()
            .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
            .limit(MAX_CHATS)
            .map(Map.Entry::getKey)
            .toList();
    List<ConcurrencyAnalysis.ChatConcurrency> found =
        ConcurrencyAnalysis.concurrentChats(
            hits, sends(botId, chats, from.minus(WINDOW), to), WINDOW);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    int concurrent =
        found.stream().mapToInt(ConcurrencyAnalysis.ChatConcurrency::concurrent429s).sum();
    TreeSet<String> agents = new TreeSet<>();
    TreeSet<String> automations = new TreeSet<>();
    found.forEach(
        c -> {
          c.agents().forEach(a -> agents.add(a.name()));
          c.automations().forEach(a -> automations.add(a.name()));
        });
    String summary =
        concurrent
            + " of "
            + hits.size()
            + " 429s came in "
            + found.size()
            + (found.size() == 1 ? " chat" : " chats")
            + " that several senders wrote to within "
            + WINDOW.toSeconds()
            + " s: agents "
            + String.join(", ", agents)
            + (automations.isEmpty() ? "" : "; automations " + String.join(", ", automations))
            + ". Each keeps to the chat's limit; together they do not.";
    return Optional.of(
        new Finding(
            "agent-concurrency",
            "error",
            82,
            summary,
            new Evidence.AgentConcurrency(
                hits.size(),
                concurrent,
                WINDOW.toSeconds(),
                found.subList(0, Math.min(LISTED_CHATS, found.size()))),
            fix(agents.size() > 1, automations)));
  }

  static String fix(boolean severalAgents, java.util.Set<String> automations) {
    List<String> steps = new ArrayList<>();
    if (severalAgents) {
      steps.add(
          "let one agent own each chat: assign the ticket (PUT /api/tickets/{id}/assignee) or"
              + " let its queue assign it (round-robin or least-open), and have the others leave"
              + " a note instead of replying");
    }
    if (automations.contains("ticket-status")) {
      steps.add(
          "coalesce status notices: a longer TGDESK_TICKETS_STATUS_NOTICE_WINDOW_SECONDS makes"
              + " several changes one notice, or turn them off (TGDESK_TICKETS_STATUS_NOTICES)");
    }
    if (automations.contains("shopify")) {
      steps.add(
          "coalesce Shopify notices: raise the shop's noticeWindowSeconds, or give topics"
              + " nobody needs an empty template");
    }
    if (automations.contains("after-hours")) {
      steps.add("send fewer auto-replies: the queue's afterHoursReply goes out while agents write");
    }
    automations.stream()
        .filter(a -> !List.of("ticket-status", "shopify", "after-hours").contains(a))
        .forEach(
            a ->
                steps.add(
                    "have the sender of "
                        + a
                        + " coalesce its notices (coalesceKey) or send nothing while an agent"
                        + " is writing"));
    if (steps.isEmpty()) {
      steps.add("let one agent own each chat: assign the ticket");
    }
    String joined = String.join("; ", steps) + ".";
    return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
  }

  /** The entries for the chats enqueued in [from, to), each with who wrote it. */
  private List<ConcurrencyAnalysis.Send> sends(
      Long botId, List<Long> chats, Instant from, Instant to) {
    String entries =
        " from OutboxEntry e where e.chatId in :chats and e.createdAt >= :from"
            + " and e.createdAt < :to"
            + (botId == null ? "" : " and e.botId = :bot");
    var agentQuery =
        em.createQuery(
            "select r.outboxEntryId, m.senderName from ReplyDelivery r, ConversationMessage m"
                + " where m.id = r.messageId and r.outboxEntryId in (select e.id"
                + entries
                + ")",
            Object[].class);
    var entryQuery =
        em.createQuery(
            "select e.id, e.createdAt, e.chatId, e.category" + entries + " order by e.id",
            Object[].class);
    for (var q : List.of(agentQuery, entryQuery)) {
      q.setParameter("chats", chats).setParameter("from", from).setParameter("to", to);
      if (botId != null) {
        q.setParameter("bot", botId);
      }
    }
    Map<Long, String> agentOf = new HashMap<>();
    for (Object[] r : agentQuery.getResultList()) {
      agentOf.put((Long) r[0], r[1] == null ? "unnamed agent" : (String) r[1]);
    }
    List<ConcurrencyAnalysis.Send> out = new ArrayList<>();
    for (Object[] r : entryQuery.setMaxResults(RateQueries.MAX_CALLS).getResultList()) {
      long id = (Long) r[0];
      String agent = agentOf.get(id);
      out.add(
          new ConcurrencyAnalysis.Send(
              id,
              (Instant) r[1],
              (Long) r[2],
              agent != null ? agent : String.valueOf(r[3]),
              agent != null));
    }
    return out;
  }
}
