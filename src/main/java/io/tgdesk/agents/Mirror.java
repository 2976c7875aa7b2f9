package io.tgdesk.agents;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.DeliveryStateChanged;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.tickets.Author;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.CustomerMessageEdited;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketActivity;
import io.tgdesk.tickets.TicketIntake;
import io.tgdesk.tickets.TicketKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Mirrors what customers write into their tickets' topics, through the outbox only. Observes
 * tickets' {@link TicketActivity} in the transaction that received the message, so that a message
 * is mirrored if and only if it was received; a message whose topic is still being created waits
 * (state WAITING) and is queued, in order, in the transaction that learns the topic's thread.
 * Mirrored calls go on the {@link #LANE notice lane}: below agent replies, so that mirroring never
 * delays an answer to a customer. Follows the engine's events to record each copy's message id in
 * the group.
 *
 * <p>A text goes as sendMessage; a media message is copied from the customer's chat (copyMessage,
 * no download or upload) when the customer's own bot serves the group, else it is announced as a
 * text. A reply of the customer to a mirrored message replies to its copy. An edit of the customer
 * edits the copy (or the pending call, or the copy once it arrives).
 *
 * <p>Coalescing: each topic's latest plain text, while still pending in the outbox, carries a
 * coalescing key. While the group's budget is short for the topic's bot ({@link #PRESSURE} or more
 * calls of that bot to the group queued), a further text joins that pending call instead of adding
 * one: one message with each text's time and the count. Anything else (media, a reply, a text that
 * would exceed Telegram's length) starts a new call, so the order stays the customer's.
 */
@ApplicationScoped
public class Mirror {

  /** The lane of everything sent into agents groups. */
  static final Lane LANE = Lane.NOTICE;

  /** The category of mirrored customer messages in the outbox and its audit. */
  public static final String CATEGORY = "agents-mirror";

  /**
   * Calls of one bot queued for one group from which its budget counts as short: half a minute of
   * Telegram's 20 messages a minute in a group.
   */
  public static final int PRESSURE = 10;

  /** Telegram's limit on a message text. */
  static final int MAX_TEXT = 4096;

  @PersistenceContext EntityManager em;
  @Inject AgentTopics topics;
  @Inject Outbox outbox;
  @Inject TicketIntake intake;
  @Inject Clock clock;

  void onActivity(@Observes TicketActivity activity) {
    switch (activity.type()) {
      case MESSAGE_RECEIVED -> {
        if (activity.messageId() != null) {
          received(activity.messageId());
        }
      }
      case TICKET_UPDATED -> {
        if ("status".equals(activity.change())) {
          topics.statusChanged(activity.ticketId());
        }
      }
      default -> {
        // Nothing else shows in the group.
      }
    }
  }

  private void received(long messageId) {
    ConversationMessage message = em.find(ConversationMessage.class, messageId);
    if (message == null || message.author() != Author.CUSTOMER || message.internal()) {
      return;
    }
    if (message.text() == null && message.mediaType() == null) {
      return;
    }
    Ticket ticket = em.find(Ticket.class, message.ticketId());
    if (ticket == null || ticket.kind() != TicketKind.PRIVATE) {
      return;
    }
    Optional<AgentTopic> topic = topics.lockOrCreate(ticket);
    if (topic.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    MirroredMessage mirrored =
        new MirroredMessage(
            topic.get(),
            message.id(),
            message.mediaType() == null ? MirroredMessage.Kind.TEXT : MirroredMessage.Kind.COPY,
            now);
    em.persist(mirrored);
    if (topic.get().threadId() != null) {
      send(topic.get(), ticket, mirrored, message, now);
    }
  }

  /** Queues every waiting copy of the topic, oldest first, now that its thread is known. */
  private void release(AgentTopic topic) {
    List<MirroredMessage> waiting =
        em.createQuery(
                "select m from MirroredMessage m where m.topicId = :t and m.state = :s"
                    + " order by m.id",
                MirroredMessage.class)
            .setParameter("t", topic.id())
            .setParameter("s", MirroredMessage.State.WAITING)
            .getResultList();
    if (waiting.isEmpty()) {
      return;
    }
    Ticket ticket = em.find(Ticket.class, topic.ticketId());
    Instant now = clock.instant();
    for (MirroredMessage m : waiting) {
      ConversationMessage message = em.find(ConversationMessage.class, m.messageId());
      if (message == null || ticket == null) {
        continue;
      }
      send(topic, ticket, m, message, now);
    }
  }

  private void send(
      AgentTopic topic,
      Ticket ticket,
      MirroredMessage mirrored,
      ConversationMessage message,
      Instant now) {
    BotId bot = BotId.of(topic.botId());
    Optional<Long> replyTo = replyTarget(ticket, message);
    if (mirrored.kind() == MirroredMessage.Kind.TEXT
        && replyTo.isEmpty()
        && tryJoin(topic, mirrored, message, now)) {
      return;
    }
    topic.nextTextRun(now);
    OutboundCall call;
    boolean joinable = false;
    if (copies(topic, ticket, mirrored)) {
      // The customer's own bot serves the group: a copy, no download and no upload.
      JsonObjectBuilder p =
          Json.createObjectBuilder()
              .add("from_chat_id", ticket.chatId())
              .add("message_id", message.telegramMessageId());
      replyTo.ifPresent(id -> p.add("reply_parameters", replyParameters(id)));
      call = call(topic, BotMethod.COPY_MESSAGE, p);
    } else {
      JsonObjectBuilder p = Json.createObjectBuilder().add("text", fit(textOf(message)));
      replyTo.ifPresent(id -> p.add("reply_parameters", replyParameters(id)));
      call = call(topic, BotMethod.SEND_MESSAGE, p);
      joinable = mirrored.kind() == MirroredMessage.Kind.TEXT && replyTo.isEmpty();
    }
    if (joinable) {
      call = call.coalescing(textKey(topic), null);
    }
    mirrored.queued(outbox.enqueue(call), 1, now);
  }

  /**
   * Joins a text to the topic's pending text call while the group's budget is short for the topic's
   * bot and the group coalesces texts, unless the engine took that call meanwhile (the text then
   * goes on its own).
   */
  private boolean tryJoin(
      AgentTopic topic, MirroredMessage mirrored, ConversationMessage message, Instant now) {
    AgentsGroup group = em.find(AgentsGroup.class, topic.chatId());
    if (group == null
        || !group.coalesceTexts()
        || backlog(topic.botId(), topic.chatId()) < PRESSURE) {
      return false;
    }
    String key = textKey(topic);
    BotId bot = BotId.of(topic.botId());
    if (!outbox.hasPendingCoalescing(bot, key)) {
      return false;
    }
    List<MirroredMessage> last =
        em.createQuery(
                "select m from MirroredMessage m where m.topicId = :t and m.state = :s"
                    + " and m.kind = :k order by m.id desc",
                MirroredMessage.class)
            .setParameter("t", topic.id())
            .setParameter("s", MirroredMessage.State.QUEUED)
            .setParameter("k", MirroredMessage.Kind.TEXT)
            .setMaxResults(1)
            .getResultList();
    if (last.isEmpty() || last.get(0).outboxEntryId() == null) {
      return false;
    }
    List<MirroredMessage> parts = new ArrayList<>(sharing(last.get(0).outboxEntryId()));
    parts.add(mirrored);
    String text = combinedText(parts, message);
    if (text.length() > MAX_TEXT) {
      return false;
    }
    OptionalLong joined =
        outbox.replacePending(
            call(topic, BotMethod.SEND_MESSAGE, Json.createObjectBuilder().add("text", text))
                .coalescing(key, null));
    if (joined.isEmpty()) {
      return false; // the engine took that call meanwhile: this text goes on its own
    }
    long entry = joined.getAsLong();
    for (MirroredMessage part : parts) {
      if (part == mirrored) {
        part.queued(entry, parts.size(), now);
      } else {
        part.combined(parts.size(), now);
      }
    }
    return true;
  }

  /** The copies carried by one outbox entry, oldest first. */
  private List<MirroredMessage> sharing(long entryId) {
    return em.createQuery(
            "select m from MirroredMessage m where m.outboxEntryId = :e order by m.id",
            MirroredMessage.class)
        .setParameter("e", entryId)
        .getResultList();
  }

  /**
   * The texts of combined copies, each after its time, and their count. {@code fresh} is the
   * message of the last part when it is not yet readable by id in this transaction.
   */
  private String combinedText(List<MirroredMessage> parts, ConversationMessage fresh) {
    List<CombinedText.Part> texts = new ArrayList<>();
    for (MirroredMessage part : parts) {
      ConversationMessage m =
          fresh != null && fresh.id() == part.messageId()
              ? fresh
              : em.find(ConversationMessage.class, part.messageId());
      if (m != null) {
        Instant at = m.telegramDate() != null ? m.telegramDate() : m.createdAt();
        texts.add(new CombinedText.Part(at, textOf(m)));
      }
    }
    return CombinedText.of(texts);
  }

  /** Calls of the bot to the group not yet answered: the group's backlog for that bot. */
  long backlog(long botId, long chatId) {
    return em.createQuery(
            "select count(e) from OutboxEntry e where e.botId = :b and e.chatId = :c"
                + " and e.state in :states",
            Long.class)
        .setParameter("b", botId)
        .setParameter("c", chatId)
        .setParameter("states", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT))
        .getSingleResult();
  }

  /**
   * Whether the copy is made by copyMessage (the customer's own bot serves the group and the chat
   * is the bot's own).
   */
  private static boolean copies(AgentTopic topic, Ticket ticket, MirroredMessage mirrored) {
    // A business account's chat is not the bot's own: it cannot copy from there.
    return mirrored.kind() == MirroredMessage.Kind.COPY
        && topic.botId() == ticket.botId()
        && ticket.businessConnectionId() == null;
  }

  /** The copy in the group of the message the customer replied to, if it has one. */
  private Optional<Long> replyTarget(Ticket ticket, ConversationMessage message) {
    if (message.replyToMessageId() == null) {
      return Optional.empty();
    }
    return intake
        .findMessage(
            BotId.of(ticket.botId()),
            ticket.chatId(),
            ticket.businessConnectionId(),
            message.replyToMessageId())
        .flatMap(original -> latestMirror(original.id()))
        .map(MirroredMessage::groupMessageId);
  }

  private Optional<MirroredMessage> latestMirror(long messageId) {
    return em
        .createQuery(
            "select m from MirroredMessage m where m.messageId = :id order by m.id desc",
            MirroredMessage.class)
        .setParameter("id", messageId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  private static jakarta.json.JsonObject replyParameters(long groupMessageId) {
    return Json.createObjectBuilder()
        .add("message_id", groupMessageId)
        .add("allow_sending_without_reply", true)
        .build();
  }

  private OutboundCall call(AgentTopic topic, BotMethod method, JsonObjectBuilder params) {
    return new OutboundCall(
        BotId.of(topic.botId()),
        method,
        params.build(),
        topic.chatId(),
        topic.threadId(),
        LANE,
        CATEGORY,
        null,
        null,
        false);
  }

  private static String textKey(AgentTopic topic) {
    return "agents-text:" + topic.id() + ":" + topic.textRun();
  }

  /** A message as text in the group: its text, or its kind and caption. */
  private static String textOf(ConversationMessage m) {
    if (m.mediaType() == null) {
      return m.text() == null ? "" : m.text();
    }
    return "[" + m.mediaType() + "]" + (m.text() == null ? "" : " " + m.text());
  }

  private static String fit(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }

  /**
   * A customer edited a mirrored message: a pending call takes the new text; a copy in the group is
   * edited (editMessageText, or editMessageCaption for a copied media message); a copy on its way
   * is edited once it has arrived.
   */
  void onEdited(@Observes CustomerMessageEdited edited) {
    Optional<MirroredMessage> found = latestMirror(edited.messageId());
    if (found.isEmpty()) {
      return;
    }
    MirroredMessage mirrored = found.get();
    AgentTopic topic = em.find(AgentTopic.class, mirrored.topicId());
    Ticket ticket = em.find(Ticket.class, mirrored.ticketId());
    if (topic == null || ticket == null) {
      return;
    }
    Instant now = clock.instant();
    switch (mirrored.state()) {
      case WAITING -> {
        // Sent with its text as it is when the topic exists.
      }
      case QUEUED -> {
        String key = textKey(topic);
        if (mirrored.kind() == MirroredMessage.Kind.TEXT
            && isLatestText(topic, mirrored)
            && outbox.hasPendingCoalescing(BotId.of(topic.botId()), key)) {
          List<MirroredMessage> parts = sharing(mirrored.outboxEntryId());
          String text =
              parts.size() > 1
                  ? combinedText(parts, null)
                  : fit(textOf(em.find(ConversationMessage.class, mirrored.messageId())));
          if (outbox
              .replacePending(
                  call(topic, BotMethod.SEND_MESSAGE, Json.createObjectBuilder().add("text", text))
                      .coalescing(key, null))
              .isEmpty()) {
            mirrored.editDue(true, now); // taken meanwhile: edited once it has arrived
          }
        } else {
          mirrored.editDue(true, now);
        }
      }
      case SENT -> editCopy(topic, ticket, mirrored);
      case FAILED -> {
        // Nothing in the group to edit.
      }
    }
  }

  private boolean isLatestText(AgentTopic topic, MirroredMessage mirrored) {
    List<Long> last =
        em.createQuery(
                "select m.outboxEntryId from MirroredMessage m where m.topicId = :t"
                    + " and m.state = :s order by m.id desc",
                Long.class)
            .setParameter("t", topic.id())
            .setParameter("s", MirroredMessage.State.QUEUED)
            .setMaxResults(1)
            .getResultList();
    return !last.isEmpty() && last.get(0) != null && last.get(0).equals(mirrored.outboxEntryId());
  }

  /** Edits the copy in the group to what the customer's message (or messages) now say. */
  private void editCopy(AgentTopic topic, Ticket ticket, MirroredMessage mirrored) {
    if (mirrored.groupMessageId() == null) {
      return;
    }
    ConversationMessage message = em.find(ConversationMessage.class, mirrored.messageId());
    if (message == null) {
      return;
    }
    JsonObjectBuilder p = Json.createObjectBuilder().add("message_id", mirrored.groupMessageId());
    BotMethod method;
    if (copies(topic, ticket, mirrored)) {
      method = BotMethod.EDIT_MESSAGE_CAPTION;
      p.add("caption", message.text() == null ? "" : message.text());
    } else {
      method = BotMethod.EDIT_MESSAGE_TEXT;
      List<MirroredMessage> parts =
          mirrored.combined() > 1 && mirrored.outboxEntryId() != null
              ? sharing(mirrored.outboxEntryId())
              : List.of(mirrored);
      p.add("text", parts.size() > 1 ? combinedText(parts, null) : fit(textOf(message)));
    }
    // Edits name their message, not a thread; a newer edit of it replaces a pending one.
    outbox.enqueue(
        new OutboundCall(
            BotId.of(topic.botId()),
            method,
            p.build(),
            topic.chatId(),
            null,
            LANE,
            CATEGORY + "-edit",
            editKey(topic.chatId(), mirrored.groupMessageId()),
            null,
            false));
  }

  /** The coalescing key of the edits of one copy in the group: a newer edit replaces a pending. */
  static String editKey(long chatId, long groupMessageId) {
    return "agents-edit:" + chatId + ":" + groupMessageId;
  }

  /**
   * In the engine's transaction of each state change: a created topic releases its waiting copies;
   * a settled copy records its message id in the group (or why it failed), and is edited if the
   * customer edited it on its way.
   */
  void onDelivery(@Observes DeliveryStateChanged event) {
    if (event.followUpDue()) {
      return; // it comes again, with false, when retried on its own
    }
    if (AgentTopics.CATEGORY.equals(event.category())
        && BotMethod.CREATE_FORUM_TOPIC.wireName().equals(event.method())
        && event.to() == OutboxState.SENT) {
      topics.created(event.entryId()).ifPresent(this::release);
      return;
    }
    if (!CATEGORY.equals(event.category())
        || event.to() == OutboxState.IN_FLIGHT
        || event.to() == OutboxState.PENDING) {
      return;
    }
    boolean sent = event.to() == OutboxState.SENT;
    List<MirroredMessage> carried = sharing(event.entryId());
    String error = sent ? null : io.tgdesk.schema.Columns.fit(event.error(), 1000);
    for (MirroredMessage m : carried) {
      m.settled(sent, sent ? event.telegramMessageId() : null, error, event.at());
    }
    if (sent) {
      for (MirroredMessage m : carried) {
        if (m.editDue()) {
          m.editDue(false, event.at());
          AgentTopic topic = em.find(AgentTopic.class, m.topicId());
          Ticket ticket = em.find(Ticket.class, m.ticketId());
          if (topic != null && ticket != null) {
            editCopy(topic, ticket, m);
          }
          break; // one edit covers all the parts of a combined copy
        }
      }
    }
  }
}
