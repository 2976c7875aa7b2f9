package io.tgdesk.agents;

import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.Chat;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotApiProblems;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotRegistry;
import io.tgdesk.telegram.bots.ForumChats;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers agents groups and the bots that serve them, and says which group a ticket is mirrored
 * into. Registration asks Telegram (getChat, getChatMember with the bot's own user id) that the
 * chat is a forum supergroup and that the bot is an administrator that may manage topics; the same
 * chat registered with another bot adds that bot to the group.
 */
@ApplicationScoped
public class AgentsGroups {

  @PersistenceContext EntityManager em;
  @Inject BotRegistry bots;
  @Inject ForumChats forums;
  @Inject BotApiClient botApi;
  @Inject Clock clock;
  @Inject AgentsGroups self;

  /**
   * Registers {@code chatId} as an agents group served by {@code botId} (or adds the bot to it),
   * after asking Telegram. A queue or coalescing switch given replaces the group's; null keeps it.
   *
   * @throws ProblemException 404 for an unknown bot, 422 when Telegram refuses or the chat or the
   *     bot's rights do not fit (saying what is missing), 502 when Telegram cannot be asked
   */
  public AgentsGroupView register(BotId botId, long chatId, String queue, Boolean coalesceTexts) {
    Bot bot = bots.get(botId);
    Chat chat = forums.requireForum(bot, chatId, "an agents group");
    requireTopicManager(bot, chatId);
    return self.insert(botId, chatId, queue, coalesceTexts, chat.title());
  }

  /** getChatMember with the bot's own id: an administrator with can_manage_topics, or 422. */
  private void requireTopicManager(Bot bot, long chatId) {
    JsonObject member;
    try {
      long self =
          bot.telegramBotId() != null ? bot.telegramBotId() : botApi.getMe(bot.endpoint()).id();
      member =
          botApi
              .<JsonValue>call(
                  bot.endpoint(),
                  "getChatMember",
                  Map.of("chat_id", chatId, "user_id", self),
                  JsonValue.class,
                  null)
              .asJsonObject();
    } catch (BotApiException e) {
      throw BotApiProblems.of(
          "getChatMember", e, "Add bot " + bot.id() + " to chat " + chatId + " as an admin.");
    }
    String status = member.getString("status", "");
    if ("creator".equals(status)) {
      return;
    }
    if (!"administrator".equals(status)) {
      throw ProblemException.unprocessable(
          "Bot "
              + bot.id()
              + " is "
              + (status.isEmpty() ? "not a member" : "a " + status)
              + " of chat "
              + chatId
              + "; it must be an administrator with the right to manage topics.");
    }
    if (!member.getBoolean("can_manage_topics", false)) {
      throw ProblemException.unprocessable(
          "Bot "
              + bot.id()
              + " is an administrator of chat "
              + chatId
              + " without can_manage_topics; give it the right \"Manage topics\".");
    }
  }

  @Transactional
  public AgentsGroupView insert(
      BotId botId, long chatId, String queue, Boolean coalesceTexts, String title) {
    AgentsGroup group = em.find(AgentsGroup.class, chatId);
    if (group == null) {
      group = new AgentsGroup(chatId, queue, title, clock.instant());
      em.persist(group);
    } else {
      group.change(queue != null ? queue : group.queue(), title);
    }
    if (coalesceTexts != null) {
      group.coalesceTexts(coalesceTexts);
    }
    if (botIds(chatId).contains(botId.value())) {
      if (queue == null && coalesceTexts == null) {
        throw ProblemException.conflict(
            "Bot " + botId + " already serves agents group " + chatId + ".");
      }
    } else {
      em.persist(new AgentsGroupBot(chatId, botId.value(), clock.instant()));
    }
    em.flush();
    return view(group);
  }

  public List<AgentsGroupView> list() {
    return em
        .createQuery("select g from AgentsGroup g order by g.chatId", AgentsGroup.class)
        .getResultList()
        .stream()
        .map(this::view)
        .toList();
  }

  public Optional<AgentsGroupView> find(long chatId) {
    return Optional.ofNullable(em.find(AgentsGroup.class, chatId)).map(this::view);
  }

  /**
   * Removes a bot from the group ({@code botId} given) or the whole group (null); a group whose
   * last bot leaves is removed. Its topics stay as they are in Telegram.
   */
  @Transactional
  public void delete(long chatId, BotId botIdOrNull) {
    AgentsGroup group = em.find(AgentsGroup.class, chatId);
    if (group == null) {
      throw ProblemException.notFound("No agents group with chat id " + chatId + ".");
    }
    var q =
        em.createQuery(
            "delete from AgentsGroupBot b where b.chatId = :chat"
                + (botIdOrNull == null ? "" : " and b.botId = :bot"));
    q.setParameter("chat", chatId);
    if (botIdOrNull != null) {
      q.setParameter("bot", botIdOrNull.value());
    }
    int removed = q.executeUpdate();
    if (botIdOrNull != null && removed == 0) {
      throw ProblemException.notFound(
          "Bot " + botIdOrNull + " does not serve agents group " + chatId + ".");
    }
    if (botIds(chatId).isEmpty()) {
      em.remove(group);
    }
  }

  /** The bots that serve the group, by id. */
  public List<Long> botIds(long chatId) {
    return em.createQuery(
            "select b.botId from AgentsGroupBot b where b.chatId = :chat order by b.botId",
            Long.class)
        .setParameter("chat", chatId)
        .getResultList();
  }

  /**
   * Where a private ticket is mirrored, if anywhere: the group of its queue, else a group without a
   * queue that its bot serves. The topic's bot is the ticket's own bot when it serves the group (so
   * that its messages can be copied), else one of the group's bots chosen by the ticket's id.
   */
  Optional<Placement> placementOf(Ticket ticket) {
    List<AgentsGroup> groups = new ArrayList<>();
    if (ticket.queue() != null) {
      groups.addAll(
          em.createQuery(
                  "select g from AgentsGroup g where g.queue = :q order by g.chatId",
                  AgentsGroup.class)
              .setParameter("q", ticket.queue())
              .getResultList());
    }
    if (groups.isEmpty()) {
      groups.addAll(
          em.createQuery(
                  "select g from AgentsGroup g, AgentsGroupBot b where b.chatId = g.chatId"
                      + " and b.botId = :bot and g.queue is null order by g.chatId",
                  AgentsGroup.class)
              .setParameter("bot", ticket.botId())
              .getResultList());
    }
    for (AgentsGroup g : groups) {
      List<Long> served = botIds(g.chatId());
      if (served.isEmpty()) {
        continue;
      }
      long bot =
          served.contains(ticket.botId())
              ? ticket.botId()
              : served.get((int) Math.floorMod(ticket.id().value(), (long) served.size()));
      return Optional.of(new Placement(g.chatId(), bot));
    }
    return Optional.empty();
  }

  /** The group a ticket's topic goes to, and the bot that makes it. */
  record Placement(long chatId, long botId) {}

  private AgentsGroupView view(AgentsGroup g) {
    return new AgentsGroupView(
        g.chatId(), g.title(), g.queue(), botIds(g.chatId()), g.coalesceTexts(), g.createdAt());
  }
}
