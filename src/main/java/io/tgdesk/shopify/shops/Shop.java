package io.tgdesk.shopify.shops;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop whose webhooks TgDesk accepts: its domain, the client secrets valid now (several during a
 * rotation), the bot that sends its notices, per-topic notice templates and the queue name its
 * tickets are filed under.
 */
@Entity
@Table(name = "shopify_shop")
public class Shop {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String domain;

  @Column(name = "bot_id")
  private long botId;

  private String secrets;

  @Column(name = "queue_name")
  private String queueName;

  @Column(name = "notices_enabled")
  private boolean noticesEnabled;

  @Column(name = "notice_window_seconds")
  private int noticeWindowSeconds;

  private String templates;

  @Column(name = "uninstalled_at")
  private Instant uninstalledAt;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected Shop() {}

  public Shop(String domain, long botId, Instant now) {
    this.domain = domain;
    this.botId = botId;
    this.noticeWindowSeconds = 10;
    this.createdAt = now;
    this.updatedAt = now;
    this.secrets = "[]";
  }

  public ShopId id() {
    return new ShopId(id);
  }

  public String domain() {
    return domain;
  }

  public long botId() {
    return botId;
  }

  public List<String> secrets() {
    try (var r = Json.createReader(new StringReader(secrets))) {
      return r.readArray().getValuesAs(JsonString.class).stream()
          .map(JsonString::getString)
          .toList();
    }
  }

  public String queueName() {
    return queueName;
  }

  public boolean noticesEnabled() {
    return noticesEnabled;
  }

  public int noticeWindowSeconds() {
    return noticeWindowSeconds;
  }

  public Map<String, String> templates() {
    Map<String, String> out = new LinkedHashMap<>();
    if (templates != null) {
      try (var r = Json.createReader(new StringReader(templates))) {
        JsonObject o = r.readObject();
        o.forEach((k, v) -> out.put(k, ((JsonString) v).getString()));
      }
    }
    return out;
  }

  public Instant uninstalledAt() {
    return uninstalledAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void setBotId(long botId) {
    this.botId = botId;
  }

  public void setSecrets(List<String> secrets) {
    var b = Json.createArrayBuilder();
    secrets.forEach(b::add);
    JsonArray a = b.build();
    this.secrets = a.toString();
  }

  public void setQueueName(String queueName) {
    this.queueName = queueName;
  }

  public void setNoticesEnabled(boolean on) {
    this.noticesEnabled = on;
  }

  public void setNoticeWindowSeconds(int seconds) {
    this.noticeWindowSeconds = seconds;
  }

  public void setTemplates(Map<String, String> templates) {
    var b = Json.createObjectBuilder();
    templates.forEach(b::add);
    this.templates = b.build().toString();
  }

  public void uninstalled(Instant now) {
    this.uninstalledAt = now;
    this.updatedAt = now;
  }

  public void installed(Instant now) {
    this.uninstalledAt = null;
    this.updatedAt = now;
  }

  public void touch(Instant now) {
    this.updatedAt = now;
  }
}
