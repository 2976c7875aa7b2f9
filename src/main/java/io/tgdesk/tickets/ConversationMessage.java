package io.tgdesk.tickets;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One message of a ticket's conversation. A Telegram message is stored once: (bot, chat, message
 * id) is unique, so processing an update twice cannot duplicate it. Media are kept by file_id.
 */
@Entity
@Table(name = "conversation_message")
public class ConversationMessage {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "ticket_id")
  private long ticketId;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "telegram_message_id")
  private Long telegramMessageId;

  @Enumerated(EnumType.STRING)
  private Author author;

  @Column(name = "sender_user_id")
  private Long senderUserId;

  @Column(name = "sender_name")
  private String senderName;

  private String text;

  @Column(name = "media_type")
  private String mediaType;

  @Column(name = "file_id")
  private String fileId;

  @Column(name = "file_unique_id")
  private String fileUniqueId;

  @Column(name = "file_name")
  private String fileName;

  @Column(name = "mime_type")
  private String mimeType;

  @Column(name = "file_size")
  private Long fileSize;

  @Column(name = "thumbnail_file_id")
  private String thumbnailFileId;

  @Column(name = "thumbnail_file_size")
  private Long thumbnailFileSize;

  /** The business connection of the chat ('' for the bot's own chats): part of the message key. */
  @Column(name = "business_connection_id")
  private String businessConnectionId = "";

  @Column(name = "reply_to_message_id")
  private Long replyToMessageId;

  @Column(name = "telegram_date")
  private Instant telegramDate;

  @Column(name = "edited_at")
  private Instant editedAt;

  @Column(name = "created_at")
  private Instant createdAt;

  /** An agent's note for colleagues: never sent to Telegram. */
  private boolean internal;

  @Column(name = "parse_mode")
  private String parseMode;

  @Enumerated(EnumType.STRING)
  @Column(name = "delivery_action")
  private DeliveryAction deliveryAction;

  @Column(name = "delivery_state")
  private String deliveryState;

  @Column(name = "delivery_error")
  private String deliveryError;

  @Column(name = "delivery_entry_id")
  private Long deliveryEntryId;

  /** The current delivery was sent again after a server failure (it may have arrived twice). */
  @Column(name = "delivery_resent")
  private boolean deliveryResent;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  /** An agent's reply: its inline keyboard as JSON rows of {label, value}; else null. */
  private String buttons;

  /** A customer's press of a button: the button's label and value (its callback data). */
  @Column(name = "button_label")
  private String buttonLabel;

  @Column(name = "button_value")
  private String buttonValue;

  @Column(name = "erased_at")
  private Instant erasedAt;

  protected ConversationMessage() {}

  /** What was last asked of Telegram for an agent reply. */
  public enum DeliveryAction {
    SEND,
    EDIT,
    DELETE
  }

  /** An agent's reply, pending delivery; {@code agent} is the caller's user name. */
  public static ConversationMessage agentReply(
      Ticket ticket, String agent, String text, String parseMode, Instant now) {
    ConversationMessage c = agentMessage(ticket, agent, text, now);
    c.parseMode = parseMode;
    return c;
  }

  /** Something a user did to the ticket (assignment, queue move), recorded with who did it. */
  public static ConversationMessage activity(
      Ticket ticket, String actor, String text, Instant now) {
    ConversationMessage c = agentMessage(ticket, actor, text, now);
    c.author = Author.SYSTEM;
    c.internal = true;
    return c;
  }

  /** A message TgDesk sent by itself (the after-hours reply), shown to the customer. */
  public static ConversationMessage automatic(Ticket ticket, String text, Instant now) {
    ConversationMessage c = agentMessage(ticket, "tgdesk", text, now);
    c.author = Author.SYSTEM;
    return c;
  }

  /** An internal note: stored only, never sent. */
  public static ConversationMessage note(Ticket ticket, String agent, String text, Instant now) {
    ConversationMessage c = agentMessage(ticket, agent, text, now);
    c.internal = true;
    return c;
  }

  private static ConversationMessage agentMessage(
      Ticket ticket, String agent, String text, Instant now) {
    ConversationMessage c = new ConversationMessage();
    c.ticketId = ticket.id().value();
    c.botId = ticket.botId();
    c.chatId = ticket.chatId();
    c.businessConnectionId = Ticket.channelOf(ticket);
    c.author = Author.AGENT;
    c.senderName = truncate(agent, 300);
    c.text = truncate(text, 8192);
    c.createdAt = now;
    return c;
  }

  /**
   * A send, edit or deletion of this reply was handed to the engine as outbox entry {@code
   * entryId}.
   */
  public void requestDelivery(DeliveryAction action, long entryId) {
    this.deliveryAction = action;
    this.deliveryEntryId = entryId;
    this.deliveryState = "pending";
    this.deliveryError = null;
    this.deliveryResent = false;
  }

  /**
   * Outbox entry {@code entryId} changed state ({@code state}: the outbox state in lower case). An
   * outcome of an entry that a later action replaced is ignored.
   */
  public void delivered(
      long entryId,
      String state,
      Long telegramMessageId,
      String error,
      boolean resentAfterServerFailure,
      Instant now) {
    if (deliveryEntryId == null || deliveryEntryId != entryId) {
      return;
    }
    this.deliveryResent = resentAfterServerFailure;
    DeliveryAction action = deliveryAction;
    this.deliveryState = state;
    this.deliveryError = "sent".equals(state) ? null : error;
    if ("sent".equals(state)) {
      if (action == DeliveryAction.SEND && telegramMessageId != null) {
        this.telegramMessageId = telegramMessageId;
        this.telegramDate = now;
      } else if (action == DeliveryAction.DELETE) {
        this.deletedAt = now;
      }
    }
  }

  /**
   * A customer's press of an inline button, as their answer: the text is the button's label (its
   * value when the label is unknown).
   */
  static ConversationMessage fromButtonPress(
      Ticket ticket, InboundMessage m, String label, String value, Instant now) {
    ConversationMessage c = fromCustomer(ticket, m, now);
    c.telegramMessageId = null; // a press is no message of its own
    c.text = truncate(label != null ? label : value, 8192);
    c.buttonLabel = truncate(label, 200);
    c.buttonValue = truncate(value, 64);
    return c;
  }

  /**
   * The reply is a copy of a message with a file ({@code photo}, {@code document}, ...): its text
   * is the caption, so an edit changes the caption.
   */
  public void withMediaType(String type) {
    this.mediaType = type;
  }

  /** The reply carries these inline buttons (JSON rows of {label, value}). */
  public void withButtons(String buttonsJson) {
    this.buttons = buttonsJson;
  }

  static ConversationMessage fromCustomer(Ticket ticket, InboundMessage m, Instant now) {
    ConversationMessage c = new ConversationMessage();
    c.ticketId = ticket.id().value();
    c.botId = m.botId().value();
    c.chatId = m.chatId().value();
    c.businessConnectionId = Ticket.channelOf(ticket);
    c.telegramMessageId = m.messageId();
    c.author = Author.CUSTOMER;
    c.senderUserId = m.sender() == null ? null : m.sender().userId();
    c.senderName = m.sender() == null ? null : truncate(m.sender().displayName(), 300);
    c.text = truncate(m.text(), 8192);
    if (m.media() != null) {
      c.mediaType = truncate(m.media().type(), 20);
      c.fileId = truncate(m.media().fileId(), 256);
      c.fileUniqueId = truncate(m.media().fileUniqueId(), 128);
      c.fileName = truncate(m.media().fileName(), 256);
      c.mimeType = truncate(m.media().mimeType(), 128);
      c.fileSize = m.media().fileSize();
      c.thumbnailFileId = truncate(m.media().thumbnailFileId(), 256);
      c.thumbnailFileSize =
          m.media().thumbnailFileId() == null ? null : m.media().thumbnailFileSize();
    }
    c.replyToMessageId = m.replyToMessageId();
    c.telegramDate = m.date();
    c.createdAt = now;
    return c;
  }

  public static ConversationMessage system(
      Ticket ticket, long chatId, Long telegramMessageId, String text, Instant date, Instant now) {
    ConversationMessage c = new ConversationMessage();
    c.ticketId = ticket.id().value();
    c.botId = ticket.botId();
    c.chatId = chatId;
    c.businessConnectionId = Ticket.channelOf(ticket);
    c.telegramMessageId = telegramMessageId;
    c.author = Author.SYSTEM;
    c.text = truncate(text, 8192);
    c.telegramDate = date;
    c.createdAt = now;
    return c;
  }

  /** The customer deleted the message in their chat (the text stays for the agents). */
  void deletedInChat(Instant now) {
    if (deletedAt == null) {
      this.deletedAt = now;
    }
  }

  /** Replaces the text with an edited one; the caller keeps the previous text as a revision. */
  public void edit(String newText, Instant editedAt) {
    this.text = truncate(newText, 8192);
    this.editedAt = editedAt;
  }

  /**
   * Erases the content: text, the customer's name and user id, media references (a shared contact's
   * phone is its file name), Telegram's message ids. Author, media type and size, times and
   * delivery state stay, so that counts and response times hold. With {@code forgetChat} the chat
   * id goes too (a private chat's id is the user's id).
   */
  void erase(boolean forgetChat, Instant now) {
    this.text = null;
    this.buttons = null;
    this.buttonLabel = null;
    this.buttonValue = null;
    if (author == Author.CUSTOMER) {
      this.senderName = null;
    }
    this.senderUserId = null;
    this.fileId = null;
    this.fileUniqueId = null;
    this.thumbnailFileId = null;
    this.fileName = null;
    this.mimeType = null;
    this.telegramMessageId = null;
    this.replyToMessageId = null;
    this.deliveryError = null;
    if (forgetChat) {
      this.chatId = 0;
    }
    this.erasedAt = now;
  }

  /** When the content was erased, or null. */
  public Instant erasedAt() {
    return erasedAt;
  }

  /** Cut to the column, marked with "…": an over-long field never costs the message. */
  private static String truncate(String s, int max) {
    return Columns.fit(s, max);
  }

  public long id() {
    return id;
  }

  public long ticketId() {
    return ticketId;
  }

  public long chatId() {
    return chatId;
  }

  public Long telegramMessageId() {
    return telegramMessageId;
  }

  public Author author() {
    return author;
  }

  public Long senderUserId() {
    return senderUserId;
  }

  public String senderName() {
    return senderName;
  }

  public String text() {
    return text;
  }

  public String mediaType() {
    return mediaType;
  }

  public String fileId() {
    return fileId;
  }

  public String fileUniqueId() {
    return fileUniqueId;
  }

  public String fileName() {
    return fileName;
  }

  public String mimeType() {
    return mimeType;
  }

  public Long fileSize() {
    return fileSize;
  }

  /** The thumbnail's Telegram file_id, or null when Telegram gave none. */
  public String thumbnailFileId() {
    return thumbnailFileId;
  }

  public Long thumbnailFileSize() {
    return thumbnailFileSize;
  }

  /** The business connection of the message's chat, or '' for the bot's own chats. */
  public String businessConnectionId() {
    return businessConnectionId;
  }

  public Long replyToMessageId() {
    return replyToMessageId;
  }

  public Instant telegramDate() {
    return telegramDate;
  }

  public Instant editedAt() {
    return editedAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public long botId() {
    return botId;
  }

  public boolean internal() {
    return internal;
  }

  public String parseMode() {
    return parseMode;
  }

  public DeliveryAction deliveryAction() {
    return deliveryAction;
  }

  public String deliveryState() {
    return deliveryState;
  }

  /** Whether the current delivery was sent again after a server failure. */
  public boolean deliveryResent() {
    return deliveryResent;
  }

  public String deliveryError() {
    return deliveryError;
  }

  public Instant deletedAt() {
    return deletedAt;
  }

  /** The reply's inline keyboard as JSON rows of {label, value}, or null. */
  public String buttons() {
    return buttons;
  }

  /** The label of the button a customer pressed, or null. */
  public String buttonLabel() {
    return buttonLabel;
  }

  /** The value (callback data) of the button a customer pressed, or null. */
  public String buttonValue() {
    return buttonValue;
  }
}
