package io.tgdesk.routing;

import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.tickets.ChatContacts;
import io.tgdesk.tickets.topics.TopicGroupRegistry;
import io.tgdesk.tickets.topics.TopicGroupView;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the bot of each chat of a send, at enqueue time, above the delivery engine:
 *
 * <ol>
 *   <li>A send that names a bot goes through that bot.
 *   <li>Otherwise a chat a bot is already in keeps that bot: a bot with a ticket in the chat, whose
 *       customer the chat is, whose topic group the chat is, or which has sent (or is sending) to
 *       the chat. A pool send only looks at the pool's bots; a queue or topic group send at every
 *       bot. With several such bots, the most recently active one.
 *   <li>A chat no bot is in goes to the target: the queue's or topic group's rule (a bot, or a
 *       pool), the topic group's own bot when it has no rule, or the named pool.
 *   <li>Within a pool, each such chat goes to the enabled bot that would finish soonest: the least
 *       {@code (pending + assigned + 1) / rate}, where pending is the bot's pending outbox entries,
 *       assigned what this send already gave it (all messages of a chat count) and rate its budget
 *       (calls/s, the paid broadcast rate for bulk when the bot has it). Equal bots thus take
 *       turns, a busy bot gets fewer chats, and the send ends at about the same time on every bot.
 * </ol>
 *
 * All of a chat's messages in one send go through the same bot, so their order holds. Reads only;
 * callers enqueue afterwards in their transaction (reads first, then writes, keeps Derby from
 * deadlocking against the delivery loops).
 */
@ApplicationScoped
public class ChatRouting {

  @Inject BotStore bots;
  @Inject BotPools pools;
  @Inject RoutingRules rules;
  @Inject TopicGroupRegistry topicGroups;
  @Inject ChatContacts contacts;
  @Inject OutboxStore outbox;

  /**
   * Where one chat goes and why.
   *
   * @param via bot (named), in-chat:ticket|customer|topic-group|outbox, rule:queue:NAME,
   *     rule:topic-group:ID, topic-group (the group's own bot), pool:ID (spread)
   */
  public record Route(long chatId, BotId bot, String via) {}

  /** Where the chat goes if no bot is in it: one bot, or spread over a pool. */
  private record Fallback(BotId bot, BotPool pool, String via) {}

  /**
   * Routes the chats of one send.
   *
   * @param chatIds the chat of each message, in order; a chat may repeat
   * @param lane the lane of the send (decides the rate of a paid-broadcast bot)
   * @return the route of each distinct chat, in first-seen order
   * @throws ProblemException 404 for a bot, pool or topic group that does not exist; 422 for a
   *     queue without a rule; 409 when chats must be spread over a pool without an enabled bot
   */
  public Map<Long, Route> route(Target target, List<Long> chatIds, Lane lane) {
    Map<Long, Integer> messagesPerChat = new LinkedHashMap<>();
    chatIds.forEach(c -> messagesPerChat.merge(c, 1, Integer::sum));
    Map<Long, Route> routes = new LinkedHashMap<>();
    if (target.bot() != null) {
      if (bots.find(target.bot()).isEmpty()) {
        throw ProblemException.notFound("No bot with id " + target.bot() + ".");
      }
      messagesPerChat.keySet().forEach(c -> routes.put(c, new Route(c, target.bot(), "bot")));
      return routes;
    }
    Map<Long, Bot> allBots =
        bots.list().stream().collect(Collectors.toMap(b -> b.id().value(), b -> b));
    Fallback fallback = fallbackOf(target);
    Set<Long> scope =
        target.pool() != null
            ? fallback.pool().bots().stream().map(BotId::value).collect(Collectors.toSet())
            : allBots.keySet();
    Map<Long, Route> known = inChat(messagesPerChat.keySet(), scope);
    PoolSpread spread = null;
    for (Map.Entry<Long, Integer> chat : messagesPerChat.entrySet()) {
      long chatId = chat.getKey();
      Route route = known.get(chatId);
      if (route == null && fallback.bot() != null) {
        route = new Route(chatId, fallback.bot(), fallback.via());
      }
      if (route == null) {
        if (spread == null) {
          spread = spreadOver(fallback.pool(), allBots, known, messagesPerChat, lane);
        }
        route = new Route(chatId, BotId.of(spread.assign(chat.getValue())), fallback.via());
      }
      routes.put(chatId, route);
    }
    return routes;
  }

  /** Where one new message to the chat would go now (a dry run of {@link #route}). */
  public RouteView resolve(Target target, long chatId, Lane lane) {
    Route r = route(target, List.of(chatId), lane).get(chatId);
    return new RouteView(chatId, r.bot().value(), r.via());
  }

  private Fallback fallbackOf(Target target) {
    if (target.pool() != null) {
      return new Fallback(null, pools.get(target.pool()), "pool:" + target.pool());
    }
    if (target.queue() != null) {
      RoutingRule rule =
          rules
              .findForQueue(target.queue())
              .orElseThrow(
                  () ->
                      ProblemException.unprocessable(
                          "No routing rule for queue '"
                              + target.queue()
                              + "': add one (POST /api/admin/routing/rules) or name a bot or pool."));
      return fromRule(rule, "rule:queue:" + target.queue());
    }
    TopicGroupView group =
        topicGroups
            .find(target.topicGroupId())
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "No topic group with id " + target.topicGroupId() + "."));
    return rules
        .findForTopicGroup(group.id())
        .map(rule -> fromRule(rule, "rule:topic-group:" + group.id()))
        .orElseGet(() -> new Fallback(BotId.of(group.botId()), null, "topic-group"));
  }

  private Fallback fromRule(RoutingRule rule, String via) {
    if (rule.bot() != null) {
      return new Fallback(rule.bot(), null, via);
    }
    return new Fallback(null, pools.get(rule.pool()), via);
  }

  /** The bot each chat is already in, among {@code scope}: the most recently active one. */
  private Map<Long, Route> inChat(Set<Long> chats, Set<Long> scope) {
    Map<Long, Route> found = new HashMap<>();
    Map<Long, Instant> seen = new HashMap<>();
    for (ChatContacts.ChatContact c : contacts.of(chats, scope)) {
      consider(found, seen, c.chatId(), c.botId(), c.seenAt(), "in-chat:" + c.via());
    }
    for (OutboxStore.ChatSender s : outbox.lastEntriesTo(chats, scope)) {
      consider(found, seen, s.chatId(), s.botId(), s.lastAt(), "in-chat:outbox");
    }
    return found;
  }

  private static void consider(
      Map<Long, Route> found,
      Map<Long, Instant> seen,
      long chatId,
      long botId,
      Instant at,
      String via) {
    Instant before = seen.get(chatId);
    Route current = found.get(chatId);
    boolean better =
        current == null
            || (at != null && (before == null || at.isAfter(before)))
            || (at != null && at.equals(before) && botId < current.bot().value());
    if (better) {
      found.put(chatId, new Route(chatId, BotId.of(botId), via));
      seen.put(chatId, at);
    }
  }

  /** The pool's enabled bots with their rates, loaded with their pending and kept chats. */
  private PoolSpread spreadOver(
      BotPool pool,
      Map<Long, Bot> allBots,
      Map<Long, Route> known,
      Map<Long, Integer> messagesPerChat,
      Lane lane) {
    Map<Long, Double> rates = new LinkedHashMap<>();
    for (BotId member : pool.bots()) {
      Bot b = allBots.get(member.value());
      if (b != null && b.enabled()) {
        rates.put(member.value(), rate(b, lane));
      }
    }
    if (rates.isEmpty()) {
      throw ProblemException.conflict(
          "Bot pool "
              + pool.id()
              + " ('"
              + pool.name()
              + "') has no enabled bot to take the chats no bot is in yet.");
    }
    PoolSpread spread = new PoolSpread(rates);
    outbox.pendingCounts(rates.keySet()).forEach((bot, n) -> spread.addLoad(bot, n));
    known.values().forEach(r -> spread.addLoad(r.bot().value(), messagesPerChat.get(r.chatId())));
    return spread;
  }

  /** The bot's budget for this lane, calls per second. */
  private static double rate(Bot bot, Lane lane) {
    Limits limits = DeliveryEngine.limitsOf(bot);
    return lane == Lane.BULK && limits.paidPerSecond() > 0
        ? limits.paidPerSecond()
        : limits.botPerSecond();
  }
}
