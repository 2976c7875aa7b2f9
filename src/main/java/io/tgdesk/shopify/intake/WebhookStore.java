package io.tgdesk.shopify.intake;

import io.tgdesk.intake.IntakeLifecycle;
import io.tgdesk.intake.IntakeState;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.schema.PageRows;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable store of Shopify webhooks and the shop lookup the webhook endpoint needs. */
@ApplicationScoped
public class WebhookStore {

  private static final String DUE = IntakeLifecycle.dueIn("e");

  @PersistenceContext EntityManager em;

  /** The domain, the secrets and the id of a shop: what a webhook is checked against. */
  public record ShopCredentials(ShopId shopId, List<String> secrets) {}

  public Optional<ShopCredentials> findCredentials(String domain) {
    return em.createQuery("select s from Shop s where s.domain = :d", Shop.class)
        .setParameter("d", domain)
        .getResultStream()
        .findFirst()
        .map(s -> new ShopCredentials(s.id(), s.secrets()));
  }

  /**
   * Inserts the webhook in its own transaction. Throws when (shop, event key) is already stored.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void insert(ShopId shop, WebhookHeaders headers, byte[] raw, Instant now) {
    em.persist(new ShopifyWebhook(shop, headers, raw, now));
    em.flush();
  }

  public boolean exists(ShopId shop, String eventKey) {
    return em.createQuery(
                "select count(e) from ShopifyWebhook e where e.shopId = :s and e.eventKey = :k",
                Long.class)
            .setParameter("s", shop.value())
            .setParameter("k", eventKey)
            .getSingleResult()
        > 0;
  }

  /** Ids of the shop's webhooks due for processing, in the order they were received. */
  public List<Long> findDue(ShopId shop, Instant now, int limit) {
    return em.createQuery(
            "select e.id from ShopifyWebhook e where e.shopId = :s and" + DUE + " order by e.id",
            Long.class)
        .setParameter("s", shop.value())
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  public List<ShopId> shopsWithDue(Instant now) {
    return em
        .createQuery("select distinct e.shopId from ShopifyWebhook e where" + DUE, Long.class)
        .setParameter("now", now)
        .getResultList()
        .stream()
        .map(ShopId::new)
        .toList();
  }

  public Optional<ShopifyWebhook> find(long id) {
    return Optional.ofNullable(em.find(ShopifyWebhook.class, id));
  }

  /** The attempts the webhook has had; 0 when it is gone. */
  public int attemptsOf(long id) {
    return find(id).map(e -> e.lifecycle().attempts()).orElse(0);
  }

  /** Records a failed processing attempt in its own transaction: see {@link OrderedDrain}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void markFailed(long id, String error, Instant retryAt, Instant now) {
    ShopifyWebhook e = em.find(ShopifyWebhook.class, id);
    if (e != null) {
      e.lifecycle().failed(error, retryAt, now);
    }
  }

  @Transactional
  public Optional<ShopifyWebhook> retryNow(long id, Instant now) {
    ShopifyWebhook e = em.find(ShopifyWebhook.class, id);
    if (e == null) {
      return Optional.empty();
    }
    e.lifecycle().retryNow(now);
    return Optional.of(e);
  }

  public List<ShopifyWebhook> list(
      IntakeState state, Long shopId, String topic, int page, int size) {
    var q =
        em.createQuery(
            "select e from ShopifyWebhook e" + where(state, shopId, topic) + " order by e.id desc",
            ShopifyWebhook.class);
    if (state != null) q.setParameter("state", state);
    if (shopId != null) q.setParameter("shop", shopId);
    if (topic != null) q.setParameter("topic", topic);
    return PageRows.of(q, page, size, ShopifyWebhook::id);
  }

  public long count(IntakeState state, Long shopId, String topic) {
    var q =
        em.createQuery(
            "select count(e) from ShopifyWebhook e" + where(state, shopId, topic), Long.class);
    if (state != null) q.setParameter("state", state);
    if (shopId != null) q.setParameter("shop", shopId);
    if (topic != null) q.setParameter("topic", topic);
    return q.getSingleResult();
  }

  private static String where(IntakeState state, Long shopId, String topic) {
    return " where 1 = 1"
        + (state == null ? "" : " and e.lifecycle.state = :state")
        + (shopId == null ? "" : " and e.shopId = :shop")
        + (topic == null ? "" : " and e.topic = :topic");
  }
}
