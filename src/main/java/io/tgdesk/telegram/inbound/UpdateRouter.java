package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.telegram.botapi.CallbackQuery;
import io.tgdesk.telegram.botapi.Chat;
import io.tgdesk.telegram.botapi.Media;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.botapi.Update;
import io.tgdesk.telegram.botapi.User;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.ChatReachability;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.CustomerMessages;
import io.tgdesk.tickets.GroupUpdates;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketIntake;
import io.tgdesk.tickets.TopicGroup;
import io.tgdesk.tickets.greeting.Greetings;
import io.tgdesk.tickets.replies.ButtonPresses;
import io.tgdesk.tickets.topics.TopicEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides what an update means for tickets: a private chat message goes to the customer's ticket
 * (but {@code /start}, answered with the bot's greeting, which opens a ticket only if the bot's
 * admin wants that: {@link Greetings}), a forum topic message of a registered topic group to the
 * topic's ticket, topic service messages change the topic's ticket, edits update the stored
 * message, a group upgrade moves the chat id. Messages and edits in any other supergroup go to the
 * {@link GroupUpdates} implementations (agents groups), which say what they did with them. Messages
 * and edits of a blocked customer are IGNORED, naming the block; they open no ticket and trigger
 * nothing. Telegram Business updates are {@link BusinessUpdates}'. Everything else is IGNORED with
 * the reason. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class UpdateRouter {

  /** What routing did: the state to record, the chat it concerned, and a short description. */
  public record Outcome(IntakeState state, Long chatId, String description) {
    static Outcome processed(Long chatId, String description) {
      return new Outcome(IntakeState.PROCESSED, chatId, description);
    }

    static Outcome ignored(Long chatId, String why) {
      return new Outcome(IntakeState.IGNORED, chatId, why);
    }
  }

  @Inject TicketIntake intake;
  @Inject CustomerMessages messages;
  @Inject TopicEvents topics;
  @Inject ChatReachability reachability;
  @Inject Greetings greetings;
  @Inject BusinessUpdates business;
  @Inject ButtonPresses presses;
  @Inject java.time.Clock clock;
  @Inject Instance<GroupUpdates> groupUpdates;

  private Instant clockNow() {
    return clock.instant();
  }

  public Outcome route(BotId bot, Update update) {
    heardFrom(bot, update);
    if (update.message() != null) {
      return message(bot, update.message());
    }
    if (update.editedMessage() != null) {
      return edit(bot, update.editedMessage());
    }
    if (update.businessConnection() != null) {
      return business.connection(bot, update.businessConnection());
    }
    if (update.businessMessage() != null) {
      return business.message(bot, update.businessMessage());
    }
    if (update.editedBusinessMessage() != null) {
      return business.edit(bot, update.editedBusinessMessage());
    }
    if (update.deletedBusinessMessages() != null) {
      return business.deletions(bot, update.deletedBusinessMessages());
    }
    if (update.callbackQuery() != null) {
      return buttonPress(bot, update.callbackQuery());
    }
    if (update.myChatMember() != null) {
      Update.ChatMemberUpdated m = update.myChatMember();
      String status = m.newChatMember() == null ? "?" : m.newChatMember().status();
      return Outcome.ignored(
          m.chat() == null ? null : m.chat().id(), "bot membership changed to " + status);
    }
    return Outcome.ignored(null, "update type " + update.type() + " is not handled");
  }

  /**
   * A chat that sends the bot a message, or adds (or unblocks) the bot, can be reached again: a 403
   * the delivery engine remembered for it is cleared.
   */
  private void heardFrom(BotId bot, Update update) {
    Message m = update.message() != null ? update.message() : update.editedMessage();
    if (m == null && update.callbackQuery() != null) {
      m = update.callbackQuery().message();
    }
    if (m != null && m.chat() != null && m.chat().id() != null) {
      reachability.heardFrom(bot, m.chat().id());
      return;
    }
    Update.ChatMemberUpdated c = update.myChatMember();
    if (c != null
        && c.chat() != null
        && c.chat().id() != null
        && c.newChatMember() != null
        && List.of("member", "administrator").contains(c.newChatMember().status())) {
      reachability.heardFrom(bot, c.chat().id());
    }
  }

  /**
   * A press of an inline button under one of the bot's messages: answered and applied ({@link
   * ButtonPresses}); ignored when it names no chat (the message is too old for Telegram to include)
   * or comes from a blocked customer (nothing is sent to them).
   */
  private Outcome buttonPress(BotId bot, CallbackQuery q) {
    Message m = q.message();
    if (q.id() == null
        || q.from() == null
        || m == null
        || m.chat() == null
        || m.chat().id() == null) {
      return Outcome.ignored(null, "button press without its message or sender");
    }
    Long chat = m.chat().id();
    Optional<Customer> blocked = intake.findCustomer(bot, q.from().id()).filter(Customer::blocked);
    if (blocked.isPresent()) {
      return Outcome.ignored(
          chat, "customer " + blocked.get().id() + " is blocked: " + blocked.get().blockedReason());
    }
    Long thread = Boolean.TRUE.equals(m.isTopicMessage()) ? m.messageThreadId() : null;
    String description =
        presses.pressed(
            new ButtonPresses.Press(
                bot,
                new ChatId(chat),
                thread,
                sender(q.from()),
                q.id(),
                m.messageId(),
                q.data(),
                q.labelOf(q.data()).orElse(null),
                clockNow()));
    return Outcome.processed(chat, description);
  }

  private Outcome message(BotId bot, Message m) {
    Chat chat = m.chat();
    if (chat == null || chat.id() == null || m.messageId() == null) {
      return Outcome.ignored(null, "message without chat or message_id");
    }
    if (m.migrateToChatId() != null) {
      int moved = topics.migrateChat(bot, new ChatId(chat.id()), new ChatId(m.migrateToChatId()));
      return Outcome.processed(
          chat.id(), "chat migrated to " + m.migrateToChatId() + " (" + moved + " rows moved)");
    }
    if (m.migrateFromChatId() != null) {
      int moved = topics.migrateChat(bot, new ChatId(m.migrateFromChatId()), new ChatId(chat.id()));
      return Outcome.processed(
          chat.id(), "chat migrated from " + m.migrateFromChatId() + " (" + moved + " rows moved)");
    }
    if (chat.isPrivate()) {
      if (m.from() == null || m.from().id() == null || Boolean.TRUE.equals(m.from().isBot())) {
        return Outcome.ignored(chat.id(), "private message not from a user");
      }
      Optional<Outcome> blocked = fromBlockedCustomer(bot, m);
      if (blocked.isPresent()) {
        return blocked.get();
      }
      if (Greetings.isStart(m.text())) {
        return Outcome.processed(chat.id(), greetings.start(toInbound(bot, m, null)).description());
      }
      Ticket t = messages.recordPrivateMessage(toInbound(bot, m, null));
      return Outcome.processed(chat.id(), "ticket " + t.id());
    }
    Optional<TopicGroup> group = intake.findTopicGroup(bot, new ChatId(chat.id()));
    if (group.isEmpty()) {
      for (GroupUpdates g : groupUpdates) {
        Optional<GroupUpdates.Handled> handled = g.message(bot, m);
        if (handled.isPresent()) {
          return outcome(chat.id(), handled.get());
        }
      }
      return Outcome.ignored(chat.id(), chat.type() + " chat is not a registered topic group");
    }
    return topicMessage(bot, group.get(), m);
  }

  private Outcome topicMessage(BotId bot, TopicGroup group, Message m) {
    Long thread = m.messageThreadId();
    if (thread == null
        || !Boolean.TRUE.equals(m.isTopicMessage()) && m.forumTopicCreated() == null) {
      return Outcome.ignored(group.chatId(), "message in the General topic");
    }
    Optional<Outcome> blocked = fromBlockedCustomer(bot, m);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    Instant date = dateOf(m.date());
    if (m.forumTopicCreated() != null) {
      Ticket t =
          topics.topicCreated(
              group, thread, m.forumTopicCreated().name(), sender(m.from()), m.messageId(), date);
      return Outcome.processed(group.chatId(), "topic created, ticket " + t.id());
    }
    if (m.forumTopicEdited() != null) {
      return topics
          .topicEdited(group, thread, m.forumTopicEdited().name(), m.messageId(), date)
          .map(t -> Outcome.processed(group.chatId(), "topic edited, ticket " + t.id()))
          .orElse(Outcome.ignored(group.chatId(), "edit of unknown topic " + thread));
    }
    if (m.forumTopicClosed() != null || m.forumTopicReopened() != null) {
      boolean closed = m.forumTopicClosed() != null;
      return topics
          .topicClosedOrReopened(group, thread, closed, m.messageId(), date)
          .map(
              t ->
                  Outcome.processed(
                      group.chatId(),
                      (closed ? "topic closed" : "topic reopened") + ", ticket " + t.id()))
          .orElse(Outcome.ignored(group.chatId(), "close/reopen of unknown topic " + thread));
    }
    if (m.from() != null && Boolean.TRUE.equals(m.from().isBot())) {
      return Outcome.ignored(group.chatId(), "message from a bot");
    }
    Ticket t = messages.recordTopicMessage(group, toInbound(bot, m, thread));
    return Outcome.processed(group.chatId(), "ticket " + t.id());
  }

  private Outcome edit(BotId bot, Message m) {
    if (m.chat() == null || m.messageId() == null) {
      return Outcome.ignored(null, "edit without chat or message_id");
    }
    Optional<Outcome> blocked = fromBlockedCustomer(bot, m);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    if (!m.chat().isPrivate() && intake.findTopicGroup(bot, new ChatId(m.chat().id())).isEmpty()) {
      for (GroupUpdates g : groupUpdates) {
        Optional<GroupUpdates.Handled> handled = g.edit(bot, m);
        if (handled.isPresent()) {
          return outcome(m.chat().id(), handled.get());
        }
      }
    }
    Instant editedAt = dateOf(m.editDate() != null ? m.editDate() : m.date());
    var found =
        messages.recordEdit(bot, new ChatId(m.chat().id()), m.messageId(), textOf(m), editedAt);
    if (found.isPresent()) {
      return Outcome.processed(m.chat().id(), "message " + found.get().id() + " edited");
    }
    // We never saw the original (e.g. sent before the bot was registered): keep it as a message.
    Outcome asNew = message(bot, m);
    return new Outcome(
        asNew.state(), asNew.chatId(), "edit of an unknown message: " + asNew.description());
  }

  private static Outcome outcome(Long chatId, GroupUpdates.Handled handled) {
    return handled.applied()
        ? Outcome.processed(chatId, handled.description())
        : Outcome.ignored(chatId, handled.description());
  }

  /** IGNORED naming the block, when the message's sender is a blocked customer of the bot. */
  Optional<Outcome> fromBlockedCustomer(BotId bot, Message m) {
    if (m.from() == null || m.from().id() == null) {
      return Optional.empty();
    }
    return intake
        .findCustomer(bot, m.from().id())
        .filter(Customer::blocked)
        .map(
            c ->
                Outcome.ignored(
                    m.chat().id(), "customer " + c.id() + " is blocked: " + c.blockedReason()));
  }

  static InboundMessage toInbound(BotId bot, Message m, Long thread) {
    return new InboundMessage(
        bot,
        new ChatId(m.chat().id()),
        thread,
        m.messageId(),
        sender(m.from()),
        textOf(m),
        mediaOf(m),
        replyTo(m, thread),
        dateOf(m.date()));
  }

  /**
   * The message this one really replies to. In a forum topic, Telegram sets reply_to_message to the
   * topic's creation message (id = message_thread_id) on every message: that is no reply.
   */
  static Long replyTo(Message m, Long thread) {
    Message r = m.replyToMessage();
    if (r == null || r.messageId() == null) {
      return null;
    }
    if (thread != null && r.messageId().equals(thread)) {
      return null;
    }
    return r.messageId();
  }

  static String textOf(Message m) {
    return m.text() != null ? m.text() : m.caption();
  }

  /**
   * The file of a media message with its thumbnail: a photo as its largest size, its smallest as
   * the thumbnail (when Telegram sent more than one); other files with the thumbnail Telegram gave.
   */
  static InboundMessage.MediaRef mediaOf(Message m) {
    if (m.photo() != null && !m.photo().isEmpty()) {
      List<Media.PhotoSize> sizes = m.photo();
      Media.PhotoSize largest = sizes.get(0);
      Media.PhotoSize smallest = sizes.get(0);
      for (Media.PhotoSize size : sizes) {
        if (area(size) >= area(largest)) {
          largest = size;
        }
        if (area(size) < area(smallest)) {
          smallest = size;
        }
      }
      Media.PhotoSize thumbnail = smallest == largest ? null : smallest;
      return new InboundMessage.MediaRef(
          "photo",
          largest.fileId(),
          largest.fileUniqueId(),
          null,
          "image/jpeg",
          largest.fileSize(),
          thumbnail == null ? null : thumbnail.fileId(),
          thumbnail == null ? null : thumbnail.fileSize());
    }
    if (m.document() != null) return file("document", m.document());
    if (m.video() != null) return file("video", m.video());
    if (m.audio() != null) return file("audio", m.audio());
    if (m.voice() != null) return file("voice", m.voice());
    if (m.animation() != null) return file("animation", m.animation());
    if (m.videoNote() != null) return file("video_note", m.videoNote());
    if (m.sticker() != null) {
      Media.Sticker s = m.sticker();
      Media.PhotoSize thumbnail = Media.thumbnailOf(s.thumbnail(), s.thumb());
      String mime =
          Boolean.TRUE.equals(s.isVideo())
              ? "video/webm"
              : Boolean.TRUE.equals(s.isAnimated()) ? "application/x-tgsticker" : "image/webp";
      return new InboundMessage.MediaRef(
          "sticker",
          s.fileId(),
          s.fileUniqueId(),
          null,
          mime,
          s.fileSize(),
          thumbnail == null ? null : thumbnail.fileId(),
          thumbnail == null ? null : thumbnail.fileSize());
    }
    if (m.contact() != null)
      return new InboundMessage.MediaRef(
          "contact", null, null, m.contact().phoneNumber(), null, null);
    if (m.location() != null) {
      return new InboundMessage.MediaRef(
          "location",
          null,
          null,
          m.location().latitude() + "," + m.location().longitude(),
          null,
          null);
    }
    return null;
  }

  /** A photo size's pixels; sizes without dimensions count by bytes, after those with them. */
  private static long area(Media.PhotoSize size) {
    if (size.width() != null && size.height() != null) {
      return (long) size.width() * size.height();
    }
    return size.fileSize() == null ? 0 : size.fileSize();
  }

  private static InboundMessage.MediaRef file(String type, Media.File f) {
    Media.PhotoSize thumbnail = Media.thumbnailOf(f.thumbnail(), f.thumb());
    return new InboundMessage.MediaRef(
        type,
        f.fileId(),
        f.fileUniqueId(),
        f.fileName(),
        f.mimeType(),
        f.fileSize(),
        thumbnail == null ? null : thumbnail.fileId(),
        thumbnail == null ? null : thumbnail.fileSize());
  }

  private static InboundMessage.Sender sender(User u) {
    return u == null || u.id() == null
        ? null
        : new InboundMessage.Sender(
            u.id(), u.firstName(), u.lastName(), u.username(), u.languageCode());
  }

  static Instant dateOf(Long unixSeconds) {
    return unixSeconds == null ? null : Instant.ofEpochSecond(unixSeconds);
  }
}
