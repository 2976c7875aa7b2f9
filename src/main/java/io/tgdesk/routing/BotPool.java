package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotId;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A named set of bots that sends can be spread over. A bot may be in several pools. */
@Entity
@Table(name = "bot_pool")
public class BotPool {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "bot_pool_member", joinColumns = @JoinColumn(name = "pool_id"))
  @Column(name = "bot_id")
  @OrderBy
  private List<Long> botIds = new ArrayList<>();

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected BotPool() {}

  BotPool(String name, Collection<BotId> bots, Instant now) {
    this.name = name;
    this.createdAt = now;
    changeBots(bots, now);
  }

  public PoolId id() {
    return PoolId.of(id);
  }

  public String name() {
    return name;
  }

  /** The member bots, by id. */
  public List<BotId> bots() {
    return botIds.stream().sorted().map(BotId::of).toList();
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  void rename(String name, Instant now) {
    this.name = name;
    this.updatedAt = now;
  }

  void changeBots(Collection<BotId> bots, Instant now) {
    botIds.clear();
    bots.forEach(b -> botIds.add(b.value()));
    this.updatedAt = now;
  }

  boolean removeBot(BotId bot) {
    return botIds.remove(Long.valueOf(bot.value()));
  }
}
