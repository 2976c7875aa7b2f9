package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.queues.QueueName;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * Maps a queue (by name) or a topic group to the bot, or the pool, that starts new conversations
 * for it. Exactly one match (queue or topic group) and exactly one target (bot or pool).
 */
@Entity
@Table(name = "routing_rule")
public class RoutingRule {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** "queue:&lt;name&gt;" or "topic-group:&lt;id&gt;": unique, so one rule per match. */
  @Column(name = "match_key")
  private String matchKey;

  @Column(name = "queue_name")
  private String queueName;

  @Column(name = "topic_group_id")
  private Long topicGroupId;

  @Column(name = "bot_id")
  private Long botId;

  @Column(name = "pool_id")
  private Long poolId;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected RoutingRule() {}

  RoutingRule(QueueName queueName, Long topicGroupId, Instant now) {
    this.queueName = queueName == null ? null : queueName.value();
    this.topicGroupId = topicGroupId;
    this.matchKey = matchKey(this.queueName, topicGroupId);
    this.createdAt = now;
    this.updatedAt = now;
  }

  static String matchKey(String queueName, Long topicGroupId) {
    return queueName != null ? "queue:" + queueName : "topic-group:" + topicGroupId;
  }

  public long id() {
    return id;
  }

  /** The queue's name, or null for a topic group rule. */
  public String queueName() {
    return queueName;
  }

  /** The topic group's id, or null for a queue rule. */
  public Long topicGroupId() {
    return topicGroupId;
  }

  /** The target bot, or null when the target is a pool. */
  public BotId bot() {
    return botId == null ? null : BotId.of(botId);
  }

  /** The target pool, or null when the target is a bot. */
  public PoolId pool() {
    return poolId == null ? null : PoolId.of(poolId);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** The rule's queue got a new name; what the rule matches stays that queue. */
  void followRename(QueueName newName, Instant now) {
    this.queueName = newName.value();
    this.matchKey = matchKey(queueName, null);
    this.updatedAt = now;
  }

  void target(BotId bot, PoolId pool, Instant now) {
    this.botId = bot == null ? null : bot.value();
    this.poolId = pool == null ? null : pool.value();
    this.updatedAt = now;
  }
}
