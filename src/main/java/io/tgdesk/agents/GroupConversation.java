package io.tgdesk.agents;

import io.tgdesk.schema.Columns;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.botapi.User;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.GroupUpdates;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.canned.CannedResponses;
import io.tgdesk.tickets.replies.Replies;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Agents answer customers from a ticket's topic: what a member writes in an agents group becomes a
 * reply to the customer (a mapped agent), an internal note (an unmapped member, {@code /note ...}
 * or a leading {@code !}), or a command ({@code /close}, {@code /resolve}, {@code /pending}, {@code
 * /reopen}, {@code /assign @user}, {@code /me}, {@code /canned name}, {@code /delete}, {@code /link
 * CODE}), each answered in the topic. Every bot of the group receives the same message as an update
 * of its own: the first one to reach here records it ({@link GroupMessage}, unique on chat and
 * message id, on any server) and the others ignore it. Edits of a reply edit the customer's copy.
 *
 * <p>Runs in the update's transaction; the ticket actions run in their own ({@link TopicActions}),
 * so a refusal is answered, not retried. Bots' own messages and service messages are ignored.
 */
@ApplicationScoped
public class GroupConversation implements GroupUpdates {

  static final String HELP =
      "Commands in a ticket's topic: /close, /resolve, /pending, /reopen, /assign @user, /me,"
          + " /canned name, /note text (or !text), /delete (as a reply to your own message)."
          + " In any topic: /link CODE.";

  /** How long a member who is no agent waits for TgDesk's next answer to their commands. */
  static final java.time.Duration QUIET_TO_MEMBERS = java.time.Duration.ofMinutes(10);

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject AgentsGroups groups;
  @Inject AgentTopics topics;
  @Inject TelegramAgents agents;
  @Inject TelegramLinks links;
  @Inject MirroredMessages mirrored;
  @Inject GroupMessages handled;
  @Inject TopicAnswers answers;
  @Inject TopicActions actions;
  @Inject CannedResponses canned;

  @Override
  public Optional<Handled> message(BotId bot, Message m) {
    long chat = m.chat().id();
    if (!groups.botIds(chat).contains(bot.value())) {
      // Not an agents group, or one this bot does not serve: its own bots handle the message.
      return Optional.empty();
    }
    if (m.from() == null || m.from().id() == null || Boolean.TRUE.equals(m.from().isBot())) {
      return Optional.of(Handled.ignored("agents group: message from a bot"));
    }
    String text = m.text() != null ? m.text() : m.caption();
    String media = mediaType(m);
    if (text == null && media == null) {
      return Optional.of(Handled.ignored("agents group: service message"));
    }
    Optional<GroupMessage> seen = find(chat, m.messageId());
    if (seen.isPresent()) {
      return Optional.of(
          Handled.ignored(
              "agents group: message "
                  + m.messageId()
                  + " handled through bot "
                  + seen.get().botId()));
    }
    GroupMessage record =
        new GroupMessage(chat, m.messageId(), bot.value(), m.from().id(), clock.instant());
    Context context = new Context(bot, m, record, text, media);
    Handled handled = context.handle();
    if (!context.claimed) {
      // Nothing done to a ticket (an answer in the topic at most): recorded with the update.
      em.persist(record);
      em.flush();
    }
    return Optional.of(handled);
  }

  @Override
  public Optional<Handled> edit(BotId bot, Message m) {
    long chat = m.chat().id();
    if (!groups.botIds(chat).contains(bot.value())) {
      // Not an agents group, or one this bot does not serve: its own bots handle the message.
      return Optional.empty();
    }
    if (m.from() == null || m.from().id() == null || Boolean.TRUE.equals(m.from().isBot())) {
      return Optional.of(Handled.ignored("agents group: edit by a bot"));
    }
    Optional<GroupMessage> seen = find(chat, m.messageId());
    if (seen.isEmpty() || seen.get().handledAs() != GroupMessage.HandledAs.REPLY) {
      return Optional.of(Handled.ignored("agents group: edit of a message that is no reply"));
    }
    GroupMessage reply = seen.get();
    Optional<String> agent = agents.agentFor(m.from().id());
    if (agent.isEmpty()) {
      return Optional.of(Handled.ignored("agents group: edit by an unmapped member"));
    }
    String text = m.text() != null ? m.text() : m.caption();
    TicketId ticket = new TicketId(reply.ticketId());
    try {
      // A second bot's update of the same edit finds the text unchanged: nothing is sent twice.
      actions.edit(ticket, reply.conversationMessageId(), new Caller(agent.get(), false), text);
    } catch (ProblemException e) {
      answers.answer(
          bot, chat, m.messageThreadId(), m.messageId(), "Not edited: " + e.getMessage());
      return Optional.of(Handled.applied("agents group: edit refused: " + e.getMessage()));
    }
    return Optional.of(
        Handled.applied(
            "agents group: reply " + reply.conversationMessageId() + " edited, ticket " + ticket));
  }

  private Optional<GroupMessage> find(long chat, long messageId) {
    return handled.find(chat, messageId);
  }

  /** One group message being handled. */
  private final class Context {
    final BotId bot;
    final Message m;
    final GroupMessage record;
    final String text;
    final String media;
    final long chat;
    final Long thread;

    /** Whether an action recorded the group message as handled in its own transaction. */
    boolean claimed;

    Context(BotId bot, Message m, GroupMessage record, String text, String media) {
      this.bot = bot;
      this.m = m;
      this.record = record;
      this.text = text;
      this.media = media;
      this.chat = m.chat().id();
      this.thread = Boolean.TRUE.equals(m.isTopicMessage()) ? m.messageThreadId() : null;
    }

    Handled handle() {
      String trimmed = text == null ? "" : text.strip();
      boolean command = trimmed.startsWith("/");
      String name = command ? commandName(trimmed) : null;
      String argument = command ? argumentOf(trimmed) : null;
      if ("link".equals(name)) {
        record.handled(GroupMessage.HandledAs.COMMAND, null, null);
        return link(argument);
      }
      Optional<TicketId> ticket =
          thread == null ? Optional.empty() : topics.findTicket(chat, thread);
      if (ticket.isEmpty()) {
        if (command) {
          record.handled(GroupMessage.HandledAs.COMMAND, null, null);
          return answer("This topic belongs to no ticket. " + HELP, "command outside a ticket");
        }
        return Handled.ignored("agents group: not a ticket's topic");
      }
      Optional<String> agent = agents.agentFor(m.from().id());
      if (command && "note".equals(name)) {
        return note(ticket.get(), agent, argument);
      }
      if (!command && trimmed.startsWith("!")) {
        return note(ticket.get(), agent, trimmed.substring(1).strip());
      }
      if (agent.isEmpty()) {
        if (command) {
          record.handled(GroupMessage.HandledAs.COMMAND, ticket.get().value(), null);
          return answer(
              "Refused: you are not linked to a TgDesk agent. Ask TgDesk for a code"
                  + " (POST /api/agents/me/telegram-link) and send /link CODE here.",
              "command of an unmapped member refused");
        }
        return note(ticket.get(), agent, noteText(text));
      }
      Caller caller = new Caller(agent.get(), false);
      if (command) {
        record.handled(GroupMessage.HandledAs.COMMAND, ticket.get().value(), null);
        return command(ticket.get(), caller, name, argument);
      }
      return reply(ticket.get(), caller);
    }

    Handled reply(TicketId ticket, Caller caller) {
      Ticket t = em.find(Ticket.class, ticket.value());
      if (media != null && !groups.botIds(chat).contains(t.botId())) {
        record.handled(GroupMessage.HandledAs.IGNORED, ticket.value(), null);
        return answer(
            "Not sent: the customer's bot is not in this group, so it cannot copy the file."
                + " Send it from TgDesk.",
            "file reply refused: the ticket's bot is not in the group");
      }
      if (media != null && t.businessConnectionId() != null) {
        // copyMessage cannot go through a business connection: the file would come from the bot.
        record.handled(GroupMessage.HandledAs.IGNORED, ticket.value(), null);
        return answer(
            "Not sent: a file cannot be copied into a Telegram Business chat. Send it from"
                + " TgDesk.",
            "file reply refused: the ticket is a business chat");
      }
      long id;
      try {
        id =
            actions.reply(
                ticket,
                caller,
                new Replies.GroupReply(
                    text, media, chat, m.messageId(), customerMessageRepliedTo(ticket)),
                record);
        claimed = true;
      } catch (ProblemException e) {
        record.handled(GroupMessage.HandledAs.IGNORED, ticket.value(), null);
        return answer("Not sent: " + e.getMessage(), "reply refused: " + e.getMessage());
      }
      return Handled.applied(
          "agents group: reply " + id + " of " + caller.name() + ", ticket " + ticket);
    }

    /**
     * The Telegram id, in the customer's chat, of the message this one replies to: a mirrored
     * customer message (its original) or an earlier reply from the group (its copy). Null for none.
     */
    Long customerMessageRepliedTo(TicketId ticket) {
      Message r = m.replyToMessage();
      if (r == null || r.messageId() == null || r.messageId().equals(m.messageThreadId())) {
        return null;
      }
      Optional<Long> conversationMessage =
          mirrored
              .findOriginal(chat, r.messageId())
              .map(MirroredMessage::messageId)
              .or(() -> find(chat, r.messageId()).map(GroupMessage::conversationMessageId));
      return conversationMessage
          .map(id -> em.find(ConversationMessage.class, id))
          .filter(c -> c.ticketId() == ticket.value())
          .map(ConversationMessage::telegramMessageId)
          .orElse(null);
    }

    Handled note(TicketId ticket, Optional<String> agent, String note) {
      if (note == null || note.isBlank()) {
        record.handled(GroupMessage.HandledAs.COMMAND, ticket.value(), null);
        return answer("Write the note after /note (or after !).", "empty note");
      }
      String by = agent.orElseGet(() -> telegramName(m.from()));
      long id = actions.note(ticket, new Caller(by, false), note, record);
      claimed = true;
      return Handled.applied("agents group: note " + id + " of " + by + ", ticket " + ticket);
    }

    Handled command(TicketId ticket, Caller caller, String name, String argument) {
      try {
        switch (name) {
          case "close", "resolve", "pending", "reopen" -> {
            TicketStatus status =
                switch (name) {
                  case "close" -> TicketStatus.CLOSED;
                  case "resolve" -> TicketStatus.RESOLVED;
                  case "pending" -> TicketStatus.PENDING;
                  default -> TicketStatus.OPEN;
                };
            actions.changeStatus(
                ticket,
                status,
                caller,
                record,
                answering(
                    "Ticket " + ticket + " is " + status.wireName() + " (" + caller.name() + ")."));
            claimed = true;
            return Handled.applied("agents group: /" + name + " by " + caller.name());
          }
          case "me", "assign" -> {
            String user = "me".equals(name) ? caller.name() : stripAt(argument);
            if (user == null) {
              return answer("Name the TgDesk user: /assign @user.", "/assign without a user");
            }
            actions.assign(
                ticket,
                user,
                caller,
                record,
                answering("Ticket " + ticket + " is assigned to " + user + "."));
            claimed = true;
            return Handled.applied("agents group: /" + name + " " + user);
          }
          case "canned" -> {
            Optional<Long> id = canned.findIdByName(argument);
            if (id.isEmpty()) {
              return answer(
                  argument == null || argument.isBlank()
                      ? "Name the canned response: /canned name."
                      : "No canned response is named " + Columns.fit(argument.strip(), 64) + ".",
                  "/canned of an unknown name");
            }
            long sent =
                actions.sendCanned(
                    ticket,
                    id.get(),
                    caller,
                    record,
                    answering("Canned response " + argument.strip() + " sent to the customer."));
            claimed = true;
            return Handled.applied(
                "agents group: /canned " + argument.strip() + " sent as " + sent);
          }
          case "delete" -> {
            return delete(ticket, caller);
          }
          default -> {
            String shown = Columns.fit(name, 64);
            return answer("Unknown command /" + shown + ". " + HELP, "unknown command /" + shown);
          }
        }
      } catch (ProblemException e) {
        return answer("Refused: " + e.getMessage(), "/" + name + " refused: " + e.getMessage());
      }
    }

    /**
     * Telegram does not tell bots that a group message was deleted, so a deletion in the topic
     * cannot follow by itself: the agent replies to their own message with /delete.
     */
    Handled delete(TicketId ticket, Caller caller) {
      Message r = m.replyToMessage();
      Optional<GroupMessage> target =
          r == null || r.messageId() == null || r.messageId().equals(m.messageThreadId())
              ? Optional.empty()
              : find(chat, r.messageId());
      if (target.isEmpty()
          || target.get().handledAs() != GroupMessage.HandledAs.REPLY
          || !m.from().id().equals(target.get().telegramUserId())) {
        return answer(
            "Reply with /delete to one of your own replies to the customer.",
            "/delete without a reply of the agent's");
      }
      actions.delete(
          ticket,
          target.get().conversationMessageId(),
          caller,
          record,
          answering("Deleted in the customer's chat."));
      claimed = true;
      return Handled.applied(
          "agents group: /delete of reply " + target.get().conversationMessageId());
    }

    Handled link(String code) {
      try {
        String user = links.redeem(code, m.from().id());
        // The code is single-use already; deleting it keeps it off the group's screens.
        answers.delete(bot, chat, m.messageId());
        answers.answer(
            bot,
            chat,
            thread,
            m.messageId(),
            telegramName(m.from()) + " is now linked to TgDesk user " + user + ".");
        return Handled.applied(
            "agents group: Telegram user " + m.from().id() + " linked to " + user);
      } catch (TelegramLinks.LinkRefused e) {
        return answer("Not linked: " + e.getMessage(), "/link refused");
      }
    }

    /**
     * TgDesk's answer to this message in its topic, for an action that claims the message to queue
     * in its own transaction: queued here, after the action, it would be lost when the update's
     * transaction fails and the update, processed again, finds the message handled.
     */
    TopicAnswers.Answer answering(String words) {
      return new TopicAnswers.Answer(bot, chat, thread, m.messageId(), words);
    }

    Handled answer(String words, String description) {
      if (agents.agentFor(m.from().id()).isEmpty()
          && handled.commandsSince(chat, m.from().id(), clock.instant().minus(QUIET_TO_MEMBERS))
              > 0) {
        // Answers share the group's 20 a minute with the customers' copies: a member who is no
        // agent gets one answer per period, however many commands they send.
        return Handled.applied("agents group: " + description + " (not answered again so soon)");
      }
      answers.answer(bot, chat, thread, m.messageId(), words);
      return Handled.applied("agents group: " + description);
    }
  }

  /** The command's name, without its slash and a bot's {@code @name}; lower case. */
  static String commandName(String text) {
    int end = text.length();
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        end = i;
        break;
      }
    }
    String name = text.substring(1, end);
    int at = name.indexOf('@');
    return (at < 0 ? name : name.substring(0, at)).toLowerCase(Locale.ROOT);
  }

  /** What follows the command, stripped; null for nothing. */
  static String argumentOf(String text) {
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        String rest = text.substring(i).strip();
        return rest.isEmpty() ? null : rest;
      }
    }
    return null;
  }

  static String stripAt(String user) {
    if (user == null || user.isBlank()) {
      return null;
    }
    String u = user.strip();
    return u.startsWith("@") ? (u.length() == 1 ? null : u.substring(1)) : u;
  }

  /** The kind of file a message carries, as the conversation names it; null for none. */
  static String mediaType(Message m) {
    if (m.photo() != null && !m.photo().isEmpty()) return "photo";
    if (m.document() != null) return "document";
    if (m.video() != null) return "video";
    if (m.audio() != null) return "audio";
    if (m.voice() != null) return "voice";
    if (m.animation() != null) return "animation";
    if (m.videoNote() != null) return "video_note";
    if (m.sticker() != null) return "sticker";
    return null;
  }

  private String noteText(String text) {
    return text == null || text.isBlank() ? "(a file in the topic)" : text;
  }

  /** Who wrote in the group, for a note of a member who is no TgDesk agent. */
  static String telegramName(User u) {
    String name = u.displayName();
    return (name == null || name.isBlank() ? "Telegram user" : name) + " (Telegram " + u.id() + ")";
  }
}
