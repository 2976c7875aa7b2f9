package io.tgdesk.tickets.queues;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A queue of tickets (e.g. billing), with its routing rules, members and assignment strategy. Lists
 * are stored one item per line.
 */
@Entity
@Table(name = "ticket_queue")
public class TicketQueue {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  private String description;

  private int position;

  @Enumerated(EnumType.STRING)
  private AssignmentStrategy strategy;

  private String members;

  @Column(name = "bot_ids")
  private String botIds;

  @Column(name = "topic_group_ids")
  private String topicGroupIds;

  private String keywords;

  /** Entry topics that open a new ticket here, comma-separated; empty: none. */
  @Column(name = "opening_topics")
  private String openingTopics;

  @Column(name = "time_zone")
  private String timeZone;

  @Column(name = "opening_hours")
  private String openingHours;

  private String holidays;

  @Column(name = "after_hours_reply")
  private String afterHoursReply;

  /** Whether a resolved ticket's customer is asked for a satisfaction rating. */
  @Column(name = "rating_prompt")
  private boolean ratingPrompt;

  @Column(name = "last_assignee")
  private String lastAssignee;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected TicketQueue() {}

  TicketQueue(Queues.QueueRequest r, List<String> openingTopics, Instant now) {
    this.createdAt = now;
    apply(r, openingTopics, now);
  }

  void apply(Queues.QueueRequest r, List<String> openingTopics, Instant now) {
    this.name = r.name();
    this.description = r.description();
    this.position = r.position() == null ? 0 : r.position();
    this.strategy = AssignmentStrategy.parse(r.strategy() == null ? "manual" : r.strategy());
    this.members = join(r.members());
    this.botIds =
        join(r.botIds() == null ? null : r.botIds().stream().map(String::valueOf).toList());
    this.topicGroupIds =
        join(
            r.topicGroupIds() == null
                ? null
                : r.topicGroupIds().stream().map(String::valueOf).toList());
    this.keywords = join(r.keywords());
    this.openingTopics = String.join(",", openingTopics);
    this.timeZone = r.timeZone();
    this.openingHours =
        r.hours() == null || r.hours().isEmpty()
            ? null
            : join(
                new java.util.TreeMap<>(r.hours())
                    .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    this.holidays = join(r.holidays());
    this.afterHoursReply = r.afterHoursReply();
    this.ratingPrompt = Boolean.TRUE.equals(r.ratingPrompt());
    this.updatedAt = now;
  }

  /**
   * Whether a new ticket belongs here: every kind of rule the queue has must match (its bots, its
   * topic groups, one of its keywords in the first message); a queue without rules takes all.
   */
  boolean matches(long botId, Long topicGroupId, String firstText) {
    List<String> bots = split(botIds);
    if (!bots.isEmpty() && !bots.contains(String.valueOf(botId))) {
      return false;
    }
    List<String> groups = split(topicGroupIds);
    if (!groups.isEmpty() && (topicGroupId == null || !groups.contains(topicGroupId.toString()))) {
      return false;
    }
    List<String> words = split(keywords);
    if (!words.isEmpty()) {
      String text = firstText == null ? "" : firstText.toLowerCase(Locale.ROOT);
      return words.stream().anyMatch(w -> text.contains(w.toLowerCase(Locale.ROOT)));
    }
    return true;
  }

  void assigned(String member, Instant now) {
    this.lastAssignee = member;
    this.updatedAt = now;
  }

  static String join(List<String> items) {
    return items == null || items.isEmpty() ? null : String.join("\n", items);
  }

  static List<String> split(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split("\n"));
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public int position() {
    return position;
  }

  public AssignmentStrategy strategy() {
    return strategy;
  }

  public List<String> members() {
    return split(members);
  }

  public List<Long> botIds() {
    return split(botIds).stream().map(Long::valueOf).toList();
  }

  public List<Long> topicGroupIds() {
    return split(topicGroupIds).stream().map(Long::valueOf).toList();
  }

  public List<String> keywords() {
    return split(keywords);
  }

  /** The entry topics (e.g. Shopify webhook topics) whose entry opens a new ticket here. */
  public List<String> openingTopics() {
    return openingTopics == null || openingTopics.isEmpty()
        ? List.of()
        : Arrays.asList(openingTopics.split(","));
  }

  public String timeZone() {
    return timeZone;
  }

  /** The weekly hours by day name, empty when the queue is always open. */
  public Map<String, String> hours() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String line : split(openingHours)) {
      int eq = line.indexOf('=');
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  public List<String> holidays() {
    return split(holidays);
  }

  public String afterHoursReply() {
    return afterHoursReply;
  }

  /** The queue's business hours, or empty when it is always open. */
  Optional<BusinessHours> businessHours() {
    return openingHours == null
        ? Optional.empty()
        : Optional.of(BusinessHours.parse(timeZone, hours(), holidays()));
  }

  /** Whether a resolved ticket's customer is asked for a satisfaction rating. */
  public boolean ratingPrompt() {
    return ratingPrompt;
  }

  public String lastAssignee() {
    return lastAssignee;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
