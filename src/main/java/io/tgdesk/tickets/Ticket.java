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
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A ticket: a private chat's conversation with one customer (one active ticket per customer per
 * bot, enforced by the unique {@code open_key}), or one forum topic of a topic group (unique {@code
 * topic_key}).
 */
@Entity
@Table(name = "ticket")
public class Ticket {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Enumerated(EnumType.STRING)
  private TicketKind kind;

  @Column(name = "customer_id")
  private Long customerId;

  @Column(name = "topic_group_id")
  private Long topicGroupId;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "thread_id")
  private Long threadId;

  private String subject;

  @Enumerated(EnumType.STRING)
  private TicketStatus status;

  @Column(name = "open_key")
  private String openKey;

  @Column(name = "topic_key")
  private String topicKey;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "last_message_at")
  private Instant lastMessageAt;

  @Column(name = "queue_name")
  private String queue;

  private String assignee;

  @Column(name = "after_hours_replied")
  private Instant afterHoursReplied;

  @Column(name = "status_notice_due_at")
  private Instant statusNoticeDueAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "status_notice_from")
  private TicketStatus statusNoticeFrom;

  @Column(name = "erased_at")
  private Instant erasedAt;

  /** Telegram Business: the connection whose chat this is; null for the bot's own chats. */
  @Column(name = "business_connection_id")
  private String businessConnectionId;

  /** The customer's satisfaction rating, 1 to 5, of the latest resolution they rated; or null. */
  private Integer rating;

  @Column(name = "rating_comment")
  private String ratingComment;

  @Column(name = "rated_at")
  private Instant ratedAt;

  /** When the customer was last asked to rate the ticket (one prompt per resolution); or null. */
  @Column(name = "rating_prompted_at")
  private Instant ratingPromptedAt;

  @Version private long version;

  protected Ticket() {}

  public static Ticket forPrivateChat(
      long botId, Customer customer, long chatId, String subject, Instant now) {
    Ticket t = new Ticket();
    t.botId = botId;
    t.kind = TicketKind.PRIVATE;
    t.customerId = customer.id();
    t.chatId = chatId;
    t.subject = Columns.fit(subject, 256);
    t.status = TicketStatus.OPEN;
    t.openKey = openKey(botId, customer.id());
    t.createdAt = now;
    t.updatedAt = now;
    return t;
  }

  /**
   * A customer's chat with a business account that connected the bot (Telegram Business): one
   * active ticket per customer per connection, apart from the customer's own chat with the bot.
   */
  public static Ticket forBusinessChat(
      long botId,
      Customer customer,
      long chatId,
      String businessConnectionId,
      String subject,
      Instant now) {
    Ticket t = forPrivateChat(botId, customer, chatId, subject, now);
    t.businessConnectionId = businessConnectionId;
    t.openKey = t.activeKey();
    return t;
  }

  public static Ticket forTopic(
      long botId, TopicGroup group, long threadId, Customer creator, String subject, Instant now) {
    Ticket t = new Ticket();
    t.botId = botId;
    t.kind = TicketKind.TOPIC;
    t.customerId = creator == null ? null : creator.id();
    t.topicGroupId = group.id();
    t.chatId = group.chatId();
    t.threadId = threadId;
    t.subject = Columns.fit(subject, 256);
    t.status = TicketStatus.OPEN;
    t.topicKey = topicKey(group.id(), threadId);
    t.createdAt = now;
    t.updatedAt = now;
    return t;
  }

  static String openKey(long botId, long customerId) {
    return botId + ":" + customerId;
  }

  /** The open slot of a customer's business chat: the connection's id hashed (keys are short). */
  static String openKey(long botId, long customerId, String businessConnectionId) {
    return businessConnectionId == null
        ? openKey(botId, customerId)
        : "b:"
            + openKey(botId, customerId)
            + ":"
            + Integer.toHexString(businessConnectionId.hashCode());
  }

  private String activeKey() {
    return openKey(botId, customerId, businessConnectionId);
  }

  /** The business connection of the ticket's chat as messages store it: '' for none. */
  static String channelOf(Ticket ticket) {
    return ticket.businessConnectionId == null ? "" : ticket.businessConnectionId;
  }

  /** The business connection whose chat this ticket is, or null for the bot's own chats. */
  public String businessConnectionId() {
    return businessConnectionId;
  }

  static String topicKey(long topicGroupId, long threadId) {
    return topicGroupId + ":" + threadId;
  }

  public TicketId id() {
    return new TicketId(id);
  }

  public long botId() {
    return botId;
  }

  public TicketKind kind() {
    return kind;
  }

  public Long customerId() {
    return customerId;
  }

  public Long topicGroupId() {
    return topicGroupId;
  }

  public long chatId() {
    return chatId;
  }

  public Long threadId() {
    return threadId;
  }

  public String subject() {
    return subject;
  }

  public TicketStatus status() {
    return status;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Instant lastMessageAt() {
    return lastMessageAt;
  }

  public void changeStatus(TicketStatus next, Instant now) {
    this.status = next;
    // Only an active private ticket holds the customer's open slot.
    this.openKey = kind == TicketKind.PRIVATE && next.isActive() ? activeKey() : null;
    this.updatedAt = now;
  }

  /** The queue's name, or null. */
  public String queue() {
    return queue;
  }

  /** The user name of the agent working on it, or null. */
  public String assignee() {
    return assignee;
  }

  /** The end of the closed period in which the ticket got its after-hours reply, or null. */
  public Instant afterHoursReplied() {
    return afterHoursReplied;
  }

  public void afterHoursReplied(Instant periodEnd) {
    this.afterHoursReplied = periodEnd;
  }

  public Instant statusNoticeDueAt() {
    return statusNoticeDueAt;
  }

  public TicketStatus statusNoticeFrom() {
    return statusNoticeFrom;
  }

  /**
   * A status change the customer should hear of: the first one of a window sets when the notice is
   * due; later ones inside the window only change what it will say.
   */
  public void noticeStatusChange(TicketStatus from, Instant due) {
    if (statusNoticeDueAt == null) {
      statusNoticeDueAt = due;
      statusNoticeFrom = from;
    }
  }

  public void statusNoticeDone() {
    statusNoticeDueAt = null;
    statusNoticeFrom = null;
  }

  public void assign(String assignee, Instant now) {
    this.assignee = assignee;
    this.updatedAt = now;
  }

  public void moveToQueue(String queue, Instant now) {
    this.queue = queue;
    this.updatedAt = now;
  }

  public void rename(String subject, Instant now) {
    this.subject = Columns.fit(subject, 256);
    this.updatedAt = now;
  }

  public void messageArrived(Instant now) {
    this.lastMessageAt = now;
    this.updatedAt = now;
  }

  /** The forum topic was deleted and recreated: the ticket is now the new topic. */
  public void moveToThread(long newThreadId, Instant now) {
    this.threadId = newThreadId;
    this.topicKey = topicKey(topicGroupId, newThreadId);
    this.updatedAt = now;
  }

  /** When the ticket's content was erased, or null. */
  public Instant erasedAt() {
    return erasedAt;
  }

  /**
   * The content is being erased: the subject goes, and an active ticket is closed (so that nothing
   * joins it). With {@code forgetChat}, a private ticket also forgets its chat (the user's id).
   * Times, status history, queue and assignee stay for statistics.
   */
  void markErased(boolean forgetChat, Instant now) {
    this.subject = ERASED;
    this.ratingComment = null;
    if (status.isActive()) {
      this.status = TicketStatus.CLOSED;
    }
    this.openKey = null;
    this.statusNoticeDueAt = null;
    this.statusNoticeFrom = null;
    if (forgetChat && kind == TicketKind.PRIVATE) {
      this.chatId = 0;
    }
    if (erasedAt == null) {
      this.erasedAt = now;
    }
  }

  /** A topic ticket forgets the customer who opened it (the topic stays the group's). */
  void forgetCustomer() {
    if (kind == TicketKind.TOPIC) {
      this.customerId = null;
    }
  }

  /** The subject of a ticket whose content was erased. */
  public static final String ERASED = "(erased)";

  /** The rating, 1 to 5, or null when the customer has not rated. */
  public Integer rating() {
    return rating;
  }

  /** The customer's comment on their rating, or null. */
  public String ratingComment() {
    return ratingComment;
  }

  /** When the rating was last given or changed, or null. */
  public Instant ratedAt() {
    return ratedAt;
  }

  /** When the customer was last asked to rate, or null. */
  public Instant ratingPromptedAt() {
    return ratingPromptedAt;
  }

  /** The customer was asked to rate this resolution: a comment of an earlier rating is closed. */
  public void ratingPrompted(Instant now) {
    this.ratingPromptedAt = now;
  }

  /** The customer rated (or changed their rating): the comment of an earlier rating stays. */
  public void rate(int score, Instant now) {
    this.rating = score;
    this.ratedAt = now;
    this.updatedAt = now;
  }

  /** The customer's comment on their rating, cut to its column. */
  public void commentRating(String comment, Instant now) {
    this.ratingComment = Columns.fit(comment, 4096);
    this.updatedAt = now;
  }

  public void migrateChat(long newChatId, Instant now) {
    this.chatId = newChatId;
    this.updatedAt = now;
  }
}
