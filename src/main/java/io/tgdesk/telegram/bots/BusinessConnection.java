package io.tgdesk.telegram.bots;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Telegram Business account's connection to a bot, as the last {@code business_connection} update
 * described it: who connected, whether the bot may reply, whether it is enabled and since when it
 * is not. (bot, connection id) is unique.
 */
@Entity
@Table(name = "business_connection")
public class BusinessConnection {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "connection_id")
  private String connectionId;

  @Column(name = "user_id")
  private long userId;

  @Column(name = "user_name")
  private String userName;

  private String username;

  @Column(name = "user_chat_id")
  private long userChatId;

  @Column(name = "can_reply")
  private boolean canReply;

  private boolean enabled;

  @Column(name = "connected_at")
  private Instant connectedAt;

  @Column(name = "disabled_at")
  private Instant disabledAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected BusinessConnection() {}

  BusinessConnection(long botId, String connectionId) {
    this.botId = botId;
    this.connectionId = connectionId;
  }

  /**
   * Takes the state an update described. Disabling sets {@code disabledAt} (the first time only);
   * enabling again clears it.
   */
  void describe(
      long userId,
      String userName,
      String username,
      long userChatId,
      boolean canReply,
      boolean enabled,
      Instant connectedAt,
      Instant now) {
    this.userId = userId;
    this.userName = Columns.fit(userName, 300);
    this.username = Columns.fit(username, 64);
    this.userChatId = userChatId;
    this.canReply = canReply;
    if (!enabled && (this.enabled || disabledAt == null)) {
      this.disabledAt = now;
    } else if (enabled) {
      this.disabledAt = null;
    }
    this.enabled = enabled;
    this.connectedAt = connectedAt;
    this.updatedAt = now;
  }

  public long botId() {
    return botId;
  }

  public String connectionId() {
    return connectionId;
  }

  public long userId() {
    return userId;
  }

  public String userName() {
    return userName;
  }

  public String username() {
    return username;
  }

  public long userChatId() {
    return userChatId;
  }

  public boolean canReply() {
    return canReply;
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public Instant disabledAt() {
    return disabledAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Whether the bot may send into this connection's chats now. */
  public boolean botMayReply() {
    return enabled && canReply;
  }

  /** Why the bot may not send into this connection's chats, or null when it may. */
  public String whyNoReply() {
    if (!enabled) {
      return "the business connection "
          + connectionId
          + " is disabled"
          + (disabledAt == null ? "" : " (since " + disabledAt + ")");
    }
    if (!canReply) {
      return "the business account of connection " + connectionId + " does not let the bot reply";
    }
    return null;
  }
}
