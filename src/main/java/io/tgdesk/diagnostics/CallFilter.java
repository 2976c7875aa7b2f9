package io.tgdesk.diagnostics;

import jakarta.persistence.TypedQuery;
import java.time.Instant;

/**
 * Which audited calls to look at; every field may be null (no filter). The time range is [from,
 * to).
 *
 * @param status the HTTP status, 0 for calls that got no answer
 */
public record CallFilter(
    Long botId, Long chatId, String category, Integer status, Instant from, Instant to) {

  /** The JPQL condition on alias {@code c}, starting with " where". */
  String where() {
    return " where 1 = 1"
        + (botId == null ? "" : " and c.botId = :bot")
        + (chatId == null ? "" : " and c.chatId = :chat")
        + (category == null ? "" : " and c.category = :category")
        + (status == null ? "" : " and c.httpStatus = :status")
        + (from == null ? "" : " and c.calledAt >= :from")
        + (to == null ? "" : " and c.calledAt < :to");
  }

  <T> TypedQuery<T> bind(TypedQuery<T> q) {
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    if (chatId != null) {
      q.setParameter("chat", chatId);
    }
    if (category != null) {
      q.setParameter("category", category);
    }
    if (status != null) {
      q.setParameter("status", status);
    }
    if (from != null) {
      q.setParameter("from", from);
    }
    if (to != null) {
      q.setParameter("to", to);
    }
    return q;
  }
}
