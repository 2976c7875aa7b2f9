package io.tgdesk.diagnostics;

import io.tgdesk.shopify.orders.OrderEvents;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Shopify burst (a sale: many webhooks of one shop within seconds) that became a Telegram burst:
 * 429s on the shop's bot, or its queue growing, after the burst began. Names the shop, the topics,
 * the burst's size, the notices it produced and the shop's settings that coalesce them.
 */
@ApplicationScoped
class ShopifyCascadeRule implements FindingRule {

  /** Webhooks of one shop within one second that make a burst. */
  static final int BURST_PER_SECOND = 5;

  /** Entries the bot's queue must grow by after a burst (when there was no 429). */
  static final int QUEUE_GROWTH = 20;

  /** How long after a burst's notices were due its effect on delivery is looked for. */
  static final Duration EFFECT = Duration.ofMinutes(1);

  static final int MAX_WEBHOOKS = 100_000;
  static final int LISTED_BURSTS = 10;

  @PersistenceContext EntityManager em;
  @Inject RateQueries rates;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    var shops =
        em.createQuery(
            "select s from Shop s"
                + (botId == null ? "" : " where s.botId = :bot")
                + " order by s.id",
            Shop.class);
    if (botId != null) {
      shops.setParameter("bot", botId);
    }
    List<CascadeAnalysis.Cascade> cascades = new ArrayList<>();
    for (Shop shop : shops.getResultList()) {
      for (CascadeAnalysis.Burst burst :
          CascadeAnalysis.bursts(webhooks(shop.id().value(), from, to), BURST_PER_SECOND)) {
        cascade(shop, burst).ifPresent(cascades::add);
      }
    }
    if (cascades.isEmpty()) {
      return Optional.empty();
    }
    // The burst delivery felt most first: the most 429s, then the most webhooks.
    cascades.sort(
        java.util.Comparator.comparingInt(CascadeAnalysis.Cascade::tooManyRequests)
            .thenComparingInt(CascadeAnalysis.Cascade::webhooks)
            .reversed());
    CascadeAnalysis.Cascade c = cascades.get(0);
    Set<String> shopNames =
        cascades.stream()
            .map(CascadeAnalysis.Cascade::shop)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    String summary =
        "A Shopify burst of shop "
            + c.shop()
            + ": "
            + c.webhooks()
            + " webhooks in "
            + MessageFate.secs(Duration.between(c.start(), c.end()))
            + " (up to "
            + c.peakPerSecond()
            + "/s; "
            + topics(c)
            + ") became "
            + c.notices()
            + " notices; then "
            + effects(c)
            + "."
            + (cascades.size() > 1
                ? " "
                    + cascades.size()
                    + " such bursts in all ("
                    + String.join(", ", shopNames)
                    + ")."
                : "");
    return Optional.of(
        new Finding(
            "shopify-cascade",
            c.tooManyRequests() > 0 ? "error" : "warning",
            83,
            summary,
            new Evidence.ShopifyCascade(
                BURST_PER_SECOND
                    + " or more webhooks of one shop within 1 s, followed within its notice window"
                    + " and "
                    + EFFECT.toSeconds()
                    + " s by a 429 on its bot or its queue growing by "
                    + QUEUE_GROWTH
                    + " or more",
                cascades.subList(0, Math.min(LISTED_BURSTS, cascades.size()))),
            fix(c)));
  }

  /** What delivery felt after the burst, in words. */
  static String effects(CascadeAnalysis.Cascade c) {
    List<String> out = new ArrayList<>();
    if (c.tooManyRequests() > 0) {
      out.add(c.tooManyRequests() + " calls of bot " + c.botId() + " were refused with 429");
    }
    if (c.queuePeak() > c.queueAtStart()) {
      out.add(
          "bot "
              + c.botId()
              + "'s queue grew from "
              + c.queueAtStart()
              + " to "
              + c.queuePeak()
              + " entries");
    }
    return String.join(" and ", out);
  }

  private static String topics(CascadeAnalysis.Cascade c) {
    return c.topics().entrySet().stream()
        .map(e -> e.getKey() + " × " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String fix(CascadeAnalysis.Cascade c) {
    int window = Math.max(60, c.noticeWindowSeconds() * 2);
    return "Coalesce shop "
        + c.shop()
        + "'s notices: its noticeWindowSeconds is "
        + c.noticeWindowSeconds()
        + " s; a longer window (e.g. "
        + window
        + ": PATCH /api/admin/shopify/shops/"
        + c.shopId()
        + " {\"noticeWindowSeconds\": "
        + window
        + "}) makes the updates of one order one notice. Give the topics nobody needs an empty"
        + " template (templates, e.g. {\""
        + c.topics().keySet().iterator().next()
        + "\": \"\"}) to send none for them, or turn noticesEnabled off during a sale. Notices"
        + " already wait behind agent replies (notice lane).";
  }

  private List<CascadeAnalysis.Webhook> webhooks(long shopId, Instant from, Instant to) {
    return em
        .createQuery(
            "select w.lifecycle.receivedAt, w.topic from ShopifyWebhook w where w.shopId = :shop"
                + " and w.lifecycle.receivedAt >= :from and w.lifecycle.receivedAt < :to"
                + " order by w.lifecycle.receivedAt, w.id",
            Object[].class)
        .setParameter("shop", shopId)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(MAX_WEBHOOKS)
        .getResultList()
        .stream()
        .map(r -> new CascadeAnalysis.Webhook((Instant) r[0], (String) r[1]))
        .toList();
  }

  /** The burst with what followed it on the shop's bot, if delivery felt it. */
  private Optional<CascadeAnalysis.Cascade> cascade(Shop shop, CascadeAnalysis.Burst burst) {
    long bot = shop.botId();
    Instant start = burst.start();
    Instant end = burst.end().plusSeconds(shop.noticeWindowSeconds()).plus(EFFECT);
    List<RateAnalysis.Hit> hits = rates.tooManyRequests(bot, start, end);
    CascadeAnalysis.QueueGrowth queue = CascadeAnalysis.queue(lives(bot, start, end), start, end);
    if (!CascadeAnalysis.affectedDelivery(hits.size(), queue, QUEUE_GROWTH)) {
      return Optional.empty();
    }
    List<Object[]> notices =
        em.createQuery(
                "select e.state, e.chatId from OutboxEntry e where e.botId = :bot"
                    + " and e.category = :category and e.coalesceKey like :key"
                    + " and e.createdAt >= :from and e.createdAt <= :to",
                Object[].class)
            .setParameter("bot", bot)
            .setParameter("category", OrderEvents.CATEGORY)
            .setParameter("key", "shopify:" + shop.id() + ":%")
            .setParameter("from", start)
            .setParameter("to", end)
            .getResultList();
    Set<Long> chats = new HashSet<>();
    int sent = 0;
    int waiting = 0;
    for (Object[] n : notices) {
      OutboxState s = (OutboxState) n[0];
      sent += s == OutboxState.SENT ? 1 : 0;
      waiting += s == OutboxState.PENDING || s == OutboxState.IN_FLIGHT ? 1 : 0;
      chats.add((Long) n[1]);
    }
    return Optional.of(
        new CascadeAnalysis.Cascade(
            shop.id().value(),
            shop.domain(),
            bot,
            shop.noticesEnabled(),
            shop.noticeWindowSeconds(),
            burst.start(),
            burst.end(),
            burst.webhooks(),
            burst.peakPerSecond(),
            burst.topics(),
            notices.size(),
            sent,
            waiting,
            chats.size(),
            hits.size(),
            hits.isEmpty() ? null : hits.get(0).at(),
            queue.atStart(),
            queue.peak(),
            queue.peakAt(),
            end));
  }

  /** The bot's entries that were waiting at some moment of [from, to]. */
  private List<CascadeAnalysis.Life> lives(long bot, Instant from, Instant to) {
    List<OutboxState> open = List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT);
    return em
        .createQuery(
            "select e.createdAt, e.state, e.sentAt, e.updatedAt from OutboxEntry e"
                + " where e.botId = :bot and e.createdAt <= :to"
                + " and (e.state in :open or e.updatedAt >= :from)",
            Object[].class)
        .setParameter("bot", bot)
        .setParameter("to", to)
        .setParameter("open", open)
        .setParameter("from", from)
        .setMaxResults(RateQueries.MAX_CALLS)
        .getResultList()
        .stream()
        .map(
            r -> {
              OutboxState s = (OutboxState) r[1];
              Instant ended =
                  open.contains(s) ? null : r[2] != null ? (Instant) r[2] : (Instant) r[3];
              return new CascadeAnalysis.Life((Instant) r[0], ended);
            })
        .toList();
  }
}
