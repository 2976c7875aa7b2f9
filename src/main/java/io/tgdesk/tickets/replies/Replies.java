package io.tgdesk.tickets.replies;

import io.tgdesk.files.FileId;
import io.tgdesk.files.FileKind;
import io.tgdesk.files.FileLimits;
import io.tgdesk.files.FileStore;
import io.tgdesk.files.StoredFile;
import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.Author;
import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.MessageRevision;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketLocks;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What agents write on a ticket: replies (sent to the customer through the delivery engine on the
 * agent-reply lane, into the ticket's chat and topic), edits and deletions of sent replies, and
 * internal notes (never sent). Each method is one transaction: the message and its outbox entry are
 * written together or not at all. Delivery outcomes come back through {@link ReplyTracking}. No
 * reply (nor edit of one) goes to a blocked customer: 409 naming the block. In a Telegram Business
 * chat replies and edits carry the ticket's {@code business_connection_id}; a connection that is
 * disabled or does not let the bot reply gets none: 409 naming why.
 */
@ApplicationScoped
@RetriedOnConflict
public class Replies {

  /** Outbox categories of agent replies; {@link ReplyTracking} listens to these only. */
  static final String SEND_CATEGORY = "agent-reply";

  /** A canned response sent as a reply (see {@code tickets.canned.CannedResponses}). */
  static final String CANNED_CATEGORY = "canned-response";

  static final String EDIT_CATEGORY = "agent-reply-edit";
  static final String TYPING_CATEGORY = "typing";
  static final String DELETE_CATEGORY = "agent-reply-delete";
  static final Set<String> CATEGORIES =
      Set.of(SEND_CATEGORY, CANNED_CATEGORY, EDIT_CATEGORY, DELETE_CATEGORY);

  /** Telegram's limit on a message's text. */
  public static final int MAX_TEXT = 4096;

  public static final Set<String> PARSE_MODES = Set.of("HTML", "MarkdownV2", "Markdown");

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject FileStore files;
  @Inject Clock clock;
  @Inject TicketLocks locks;
  @Inject io.tgdesk.telegram.bots.BusinessConnections businessConnections;

  /**
   * A file of a reply: a stored file and how to send it ({@code kind} null: as its type suggests,
   * see {@link FileKind#infer}).
   */
  public record Attachment(FileId file, FileKind kind) {}

  /**
   * Stores a reply with files and enqueues it: one file goes as sendPhoto, sendDocument, sendVideo,
   * sendAudio or sendVoice with the text as its caption; 2-10 photos and videos go as one album
   * (sendMediaGroup), the caption on its first item. Each file is checked against the bot's limits
   * (10 MB for a photo, 50 MB per upload, 2,000 MB on a Local Bot API server) unless the bot has
   * Telegram's file_id of it already (then nothing is uploaded).
   *
   * @param caption the caption, optional, at most 1,024 characters
   * @throws io.tgdesk.web.ProblemException 413 for a file over its limit, 422 for a caption too
   *     long, files that make no album, or no files
   */
  @Transactional
  public long replyWithFiles(
      TicketId id, Caller caller, String caption, String parseMode, List<Attachment> attachments) {
    if (attachments == null || attachments.isEmpty()) {
      throw FileLimits.unprocessable("attachments", "is empty");
    }
    if (attachments.size() > FileLimits.MAX_ALBUM_ITEMS) {
      throw FileLimits.unprocessable(
          "attachments",
          "has "
              + attachments.size()
              + " files; an album (sendMediaGroup) takes at most "
              + FileLimits.MAX_ALBUM_ITEMS);
    }
    String text = caption == null || caption.isBlank() ? null : caption;
    FileLimits.checkCaption("text", text);
    if (parseMode != null && !PARSE_MODES.contains(parseMode)) {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError("parseMode", "must be one of HTML, MarkdownV2, Markdown")));
    }
    Ticket ticket = answerable(id);
    Bot bot = em.find(Bot.class, ticket.botId());
    boolean local = bot != null && bot.localBotApi();
    List<StoredFile> stored = new ArrayList<>();
    List<FileKind> kinds = new ArrayList<>();
    for (int i = 0; i < attachments.size(); i++) {
      Attachment a = attachments.get(i);
      if (a == null || a.file() == null) {
        throw FileLimits.unprocessable("attachments[" + i + "]", "names no file");
      }
      StoredFile file = files.attach(a.file(), ticket.botId());
      FileKind kind =
          a.kind() != null ? a.kind() : FileKind.infer(file.contentType(), file.sizeBytes());
      if (file.sizeBytes() > FileLimits.maxBytes(kind, local)
          && files.telegramFileId(a.file(), ticket.botId()).isEmpty()) {
        throw FileLimits.tooLarge(
            file.fileName(), file.sizeBytes(), FileLimits.describe(kind, local));
      }
      stored.add(file);
      kinds.add(kind);
    }
    if (stored.size() > 1 && !kinds.stream().allMatch(FileKind::albumItem)) {
      throw FileLimits.unprocessable(
          "attachments",
          "several files go out as one album (sendMediaGroup), which takes photos and videos"
              + " only; send "
              + kinds.stream().filter(k -> !k.albumItem()).findFirst().orElseThrow().wireName()
              + " files in replies of their own");
    }
    Instant now = clock.instant();
    ConversationMessage message =
        ConversationMessage.agentReply(ticket, caller.name(), text, parseMode, now);
    em.persist(message);
    em.flush();
    for (int i = 0; i < stored.size(); i++) {
      em.persist(new ReplyAttachment(message.id(), i, stored.get(i).id(), kinds.get(i)));
    }
    return sendQueued(
        ticket,
        message,
        sendCall(
            ticket,
            stored.size() == 1
                ? BotMethod.byWireName(kinds.get(0).method()).orElseThrow()
                : BotMethod.SEND_MEDIA_GROUP,
            fileParams(stored, kinds, text, parseMode)),
        now);
  }

  /**
   * The largest file the ticket's bot may upload as {@code kind} (null: any kind but a photo), and
   * that limit in words.
   */
  public UploadLimit uploadLimit(TicketId id, FileKind kind) {
    Bot bot = em.find(Bot.class, ticket(id).botId());
    boolean local = bot != null && bot.localBotApi();
    FileKind k = kind == null ? FileKind.DOCUMENT : kind;
    return new UploadLimit(FileLimits.maxBytes(k, local), FileLimits.describe(k, local));
  }

  /** A limit on an upload: bytes, and the same in words for the 413. */
  public record UploadLimit(long bytes, String words) {}

  /** The parameters of one file's send, or of an album with the caption on its first item. */
  private static jakarta.json.JsonObject fileParams(
      List<StoredFile> stored, List<FileKind> kinds, String caption, String parseMode) {
    if (stored.size() == 1) {
      var p =
          Json.createObjectBuilder()
              .add(kinds.get(0).field(), OutboundCall.storedFile(stored.get(0).id()));
      if (caption != null) {
        p.add("caption", caption);
        if (parseMode != null) {
          p.add("parse_mode", parseMode);
        }
      }
      return p.build();
    }
    var media = Json.createArrayBuilder();
    for (int i = 0; i < stored.size(); i++) {
      var item =
          Json.createObjectBuilder()
              .add("type", kinds.get(i).field())
              .add("media", OutboundCall.storedFile(stored.get(i).id()));
      if (i == 0 && caption != null) {
        item.add("caption", caption);
        if (parseMode != null) {
          item.add("parse_mode", parseMode);
        }
      }
      media.add(item);
    }
    return Json.createObjectBuilder().add("media", media).build();
  }

  /** Stores the reply and enqueues it for the customer; returns the new message's id. */
  @Transactional
  public long reply(TicketId id, Caller caller, String text, String parseMode) {
    return send(id, caller, text, parseMode, null, SEND_CATEGORY);
  }

  /**
   * As {@link #reply}, with inline buttons under the text (rows of label and value; null or empty
   * for none): 422 naming a button that breaks a limit (a value over 64 bytes of UTF-8, ...).
   */
  @Transactional
  public long reply(
      TicketId id,
      Caller caller,
      String text,
      String parseMode,
      List<List<InlineButtons.Button>> buttons) {
    return send(id, caller, text, parseMode, buttons, SEND_CATEGORY);
  }

  /**
   * Sends "typing..." to the ticket's chat (sendChatAction on the lowest lane): at most one per
   * chat every 4 s, dropped when it could not go within 4 s, and never ahead of a message queued
   * for the chat. 409 for a closed ticket or a blocked customer.
   *
   * @return whether a call was queued; false when one sent or queued within 4 s covers it
   */
  @Transactional
  public boolean typing(TicketId id) {
    Ticket ticket = ticket(id);
    if (ticket.status() == TicketStatus.CLOSED) {
      throw ProblemException.conflict("The ticket is closed; reopen it before replying.");
    }
    refuseBlockedCustomer(ticket);
    return outbox.tryEnqueueChatAction(
        new OutboundCall(
            BotId.of(ticket.botId()),
            BotMethod.SEND_CHAT_ACTION,
            Json.createObjectBuilder().add("action", "typing").build(),
            ticket.chatId(),
            ticket.threadId(),
            Lane.TYPING,
            TYPING_CATEGORY,
            null,
            null,
            false));
  }

  /**
   * A reply an agent wrote in a topic of an agents group, on its way to the customer like any reply
   * (agent-reply lane, into the ticket's chat): a text goes as sendMessage; a message with a file
   * ({@code mediaType} set) is copied from the group (copyMessage from {@code fromChatId}, nothing
   * uploaded), its caption being the reply's text. {@code replyTo}, when set, is the Telegram id of
   * the customer's message in their chat that the reply answers (reply_parameters, sent without it
   * if the customer deleted it). Same refusals as {@link #reply}.
   */
  @Transactional
  public long replyFromGroup(TicketId id, Caller caller, GroupReply reply) {
    if (reply.mediaType() == null) {
      validate(reply.text(), null);
    } else if (reply.text() != null) {
      FileLimits.checkCaption("text", reply.text());
    }
    Ticket ticket = answerable(id);
    Instant now = clock.instant();
    ConversationMessage message =
        ConversationMessage.agentReply(ticket, caller.name(), reply.text(), null, now);
    if (reply.mediaType() != null) {
      message.withMediaType(reply.mediaType());
    }
    em.persist(message);
    em.flush();
    var params = Json.createObjectBuilder();
    BotMethod method;
    if (reply.mediaType() == null) {
      method = BotMethod.SEND_MESSAGE;
      params.add("text", reply.text());
    } else {
      method = BotMethod.COPY_MESSAGE;
      params.add("from_chat_id", reply.fromChatId()).add("message_id", reply.fromMessageId());
    }
    if (reply.replyTo() != null) {
      params.add(
          "reply_parameters",
          Json.createObjectBuilder()
              .add("message_id", reply.replyTo())
              .add("allow_sending_without_reply", true));
    }
    return sendQueued(ticket, message, sendCall(ticket, method, params.build()), now);
  }

  /** A reply's call to the ticket's chat (and topic) on the agent-reply lane. */
  private static OutboundCall sendCall(Ticket ticket, BotMethod method, JsonObject params) {
    return new OutboundCall(
        BotId.of(ticket.botId()),
        method,
        params,
        ticket.chatId(),
        ticket.threadId(),
        Lane.AGENT_REPLY,
        SEND_CATEGORY,
        null,
        null,
        false);
  }

  /**
   * A reply written in an agents group: its text (a caption for a file), the file's type when it
   * has one (then it is copied from message {@code fromMessageId} of chat {@code fromChatId}), and
   * the customer's message it answers (Telegram id in their chat), if any.
   */
  public record GroupReply(
      String text, String mediaType, long fromChatId, long fromMessageId, Long replyTo) {}

  /**
   * The ticket, if a reply may go to it now: 409 when closed, blocked or an unanswerable chat. The
   * ticket comes back locked until the transaction ends, after its customer ({@link TicketLocks}):
   * replies posted at once on one ticket (two agents, a double click) each write its activity, and
   * would otherwise meet as lost optimistic locks and be refused once the retries ran out; and a
   * block that commits meanwhile is seen.
   */
  private Ticket answerable(TicketId id) {
    Ticket ticket = locked(id);
    if (ticket.status() == TicketStatus.CLOSED) {
      throw ProblemException.conflict("The ticket is closed; reopen it before replying.");
    }
    refuseBlockedCustomer(ticket);
    refuseUnanswerableBusinessChat(ticket);
    return ticket;
  }

  /** The ticket, locked after its customer for the rest of the transaction; 404 when none. */
  private Ticket locked(TicketId id) {
    return locks
        .lock(id)
        .orElseThrow(() -> ProblemException.notFound("No ticket with id " + id + "."));
  }

  /**
   * Like {@link #reply}, for a canned response's rendered text (outbox category canned-response).
   */
  @Transactional
  public long replyCanned(TicketId id, Caller caller, String text, String parseMode) {
    return send(id, caller, text, parseMode, null, CANNED_CATEGORY);
  }

  private long send(
      TicketId id,
      Caller caller,
      String text,
      String parseMode,
      List<List<InlineButtons.Button>> buttons,
      String category) {
    validate(text, parseMode);
    InlineButtons.validate(buttons);
    boolean withButtons = buttons != null && !buttons.isEmpty();
    Ticket ticket = answerable(id);
    Instant now = clock.instant();
    ConversationMessage message =
        ConversationMessage.agentReply(ticket, caller.name(), text, parseMode, now);
    if (withButtons) {
      message.withButtons(InlineButtons.toJson(buttons));
    }
    em.persist(message);
    em.flush();
    OutboundCall call =
        OutboundCall.text(
            BotId.of(ticket.botId()),
            ticket.chatId(),
            ticket.threadId(),
            text,
            parseMode,
            Lane.AGENT_REPLY,
            category);
    if (withButtons) {
      call =
          new OutboundCall(
              call.botId(),
              call.method(),
              Json.createObjectBuilder(call.params())
                  .add("reply_markup", InlineButtons.replyMarkup(buttons))
                  .build(),
              call.chatId(),
              call.threadId(),
              call.lane(),
              call.category(),
              null,
              null,
              false);
    }
    return sendQueued(ticket, message, call, now);
  }

  /**
   * Queues a new reply's call (through the ticket's business connection, if any), ties the message
   * to it, and marks the ticket's activity. Answers the message's id.
   */
  private long sendQueued(
      Ticket ticket, ConversationMessage message, OutboundCall call, Instant now) {
    long entry = outbox.enqueue(call.inBusinessChat(ticket.businessConnectionId()));
    em.persist(
        new ReplyDelivery(
            entry, message.id(), ticket.botId(), ConversationMessage.DeliveryAction.SEND));
    message.requestDelivery(ConversationMessage.DeliveryAction.SEND, entry);
    ticket.messageArrived(now);
    return message.id();
  }

  /** 409 when the ticket's customer is blocked: nothing goes out to them. */
  private void refuseBlockedCustomer(Ticket ticket) {
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    if (customer != null && customer.blocked()) {
      throw ProblemException.conflict(
          "Customer "
              + customer.id()
              + " is blocked ("
              + customer.blockedReason()
              + "); nothing is sent to them. An admin can unblock them:"
              + " POST /api/admin/customers/"
              + customer.id()
              + "/unblock.");
    }
  }

  /**
   * 409 when the ticket is a Telegram Business chat whose connection is disabled or does not let
   * the bot reply: its messages are kept, but nothing is sent into it.
   */
  private void refuseUnanswerableBusinessChat(Ticket ticket) {
    if (ticket.businessConnectionId() == null) {
      return;
    }
    businessConnections
        .whyNoReply(BotId.of(ticket.botId()), ticket.businessConnectionId())
        .ifPresent(
            why -> {
              throw ProblemException.conflict(
                  "Ticket "
                      + ticket.id()
                      + " is a Telegram Business chat and "
                      + why
                      + "; its messages are kept, but nothing is sent into it. The business"
                      + " account can enable the bot (and its right to reply) again in Telegram.");
            });
  }

  /** Stores an internal note; returns its id. */
  @Transactional
  public long note(TicketId id, Caller caller, String text) {
    if (text == null || text.isBlank()) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("text", "is required")));
    }
    if (text.length() > 8192) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("text", "is longer than 8192 characters")));
    }
    Ticket ticket = locked(id);
    Instant now = clock.instant();
    ConversationMessage note = ConversationMessage.note(ticket, caller.name(), text, now);
    em.persist(note);
    em.flush();
    ticket.messageArrived(now);
    return note.id();
  }

  /**
   * Edits a sent reply at Telegram (editMessageText through the engine; a newer edit replaces a
   * still-pending one). The previous text is kept as a revision.
   */
  @Transactional
  public void edit(TicketId id, long messageId, Caller caller, String text, String parseMode) {
    validate(text, parseMode);
    ConversationMessage message = sentReply(id, messageId, caller);
    if (!em.createQuery(
            "select a from ReplyAttachment a where a.messageId = :m", ReplyAttachment.class)
        .setParameter("m", message.id())
        .setMaxResults(1)
        .getResultList()
        .isEmpty()) {
      throw ProblemException.conflict(
          "A reply with files cannot be edited (Telegram edits the text of text messages only);"
              + " delete it and send it again.");
    }
    if (text.equals(message.text())) {
      return;
    }
    Ticket ticket = ticket(id);
    refuseBlockedCustomer(ticket);
    refuseUnanswerableBusinessChat(ticket);
    // A copied message with a file (a reply from an agents group) has a caption, not a text.
    boolean caption = message.mediaType() != null;
    var params =
        Json.createObjectBuilder()
            .add("message_id", message.telegramMessageId())
            .add(caption ? "caption" : "text", text);
    if (parseMode != null) {
      params.add("parse_mode", parseMode);
    }
    if (message.buttons() != null) {
      // An edit without reply_markup would take the buttons off the message.
      params.add(
          "reply_markup", InlineButtons.replyMarkup(InlineButtons.fromJson(message.buttons())));
    }
    // The outbox first, then the message: the engine writes outcomes in that order too.
    long entry =
        outbox.enqueue(
            new OutboundCall(
                    BotId.of(message.botId()),
                    caption ? BotMethod.EDIT_MESSAGE_CAPTION : BotMethod.EDIT_MESSAGE_TEXT,
                    params.build(),
                    message.chatId(),
                    null,
                    Lane.AGENT_REPLY,
                    EDIT_CATEGORY,
                    null,
                    null,
                    false)
                .inBusinessChat(ticket.businessConnectionId()));
    if (em.find(ReplyDelivery.class, entry) == null) {
      em.persist(
          new ReplyDelivery(
              entry, message.id(), message.botId(), ConversationMessage.DeliveryAction.EDIT));
    }
    Instant now = clock.instant();
    em.persist(new MessageRevision(message.id(), message.text(), now));
    message.edit(text, now);
    message.requestDelivery(ConversationMessage.DeliveryAction.EDIT, entry);
  }

  /** Deletes a sent reply at Telegram (deleteMessage through the engine). */
  @Transactional
  public void delete(TicketId id, long messageId, Caller caller) {
    ConversationMessage message = sentReply(id, messageId, caller);
    if (ticket(id).businessConnectionId() != null) {
      // deleteMessage does not act for a business account (that is deleteBusinessMessages, with
      // its own right): say so rather than send a call Telegram refuses.
      throw ProblemException.conflict(
          "Replies in a Telegram Business chat cannot be deleted through TgDesk; the business"
              + " account can delete them in Telegram.");
    }
    long entry =
        outbox.enqueue(
            new OutboundCall(
                BotId.of(message.botId()),
                BotMethod.DELETE_MESSAGE,
                Json.createObjectBuilder().add("message_id", message.telegramMessageId()).build(),
                message.chatId(),
                null,
                Lane.AGENT_REPLY,
                DELETE_CATEGORY,
                null,
                null,
                false));
    em.persist(
        new ReplyDelivery(
            entry, message.id(), message.botId(), ConversationMessage.DeliveryAction.DELETE));
    message.requestDelivery(ConversationMessage.DeliveryAction.DELETE, entry);
  }

  private ConversationMessage sentReply(TicketId id, long messageId, Caller caller) {
    ConversationMessage message = em.find(ConversationMessage.class, messageId);
    if (message == null || message.ticketId() != id.value()) {
      throw ProblemException.notFound("Ticket " + id + " has no message " + messageId + ".");
    }
    if (message.author() != Author.AGENT || message.internal()) {
      throw ProblemException.conflict("Only agent replies can be edited or deleted.");
    }
    if (!caller.admin() && !caller.name().equals(message.senderName())) {
      throw new ProblemException(
          403, "Forbidden", "Agents can change only their own replies; an admin can change any.");
    }
    if (message.deletedAt() != null) {
      throw ProblemException.conflict("The reply is deleted.");
    }
    if (message.deliveryAction() == ConversationMessage.DeliveryAction.DELETE
        && "pending".equals(message.deliveryState())) {
      throw ProblemException.conflict("The reply is being deleted.");
    }
    if (message.telegramMessageId() == null) {
      throw ProblemException.conflict(
          "The reply has not reached Telegram yet (delivery "
              + message.deliveryState()
              + "); only sent replies can be edited or deleted.");
    }
    return message;
  }

  private Ticket ticket(TicketId id) {
    Ticket ticket = em.find(Ticket.class, id.value());
    if (ticket == null) {
      throw ProblemException.notFound("No ticket with id " + id + ".");
    }
    return ticket;
  }

  private static void validate(String text, String parseMode) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (text == null || text.isBlank()) {
      errors.add(new Problem.FieldError("text", "is required"));
    } else if (text.length() > MAX_TEXT) {
      errors.add(new Problem.FieldError("text", "is longer than " + MAX_TEXT + " characters"));
    }
    if (parseMode != null && !PARSE_MODES.contains(parseMode)) {
      errors.add(new Problem.FieldError("parseMode", "must be one of HTML, MarkdownV2, Markdown"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }
}
