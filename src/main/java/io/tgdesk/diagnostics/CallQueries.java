package io.tgdesk.diagnostics;

import io.tgdesk.schema.PageRows;
import io.tgdesk.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the call audit: pages, CSV export, breakdown by category. */
@ApplicationScoped
public class CallQueries {

  /** The most examples of chats an error's evidence lists. */
  static final int EXAMPLE_CHATS = 5;

  /** The most rows one CSV export writes. */
  public static final int MAX_EXPORT = 1_000_000;

  static final int EXPORT_CHUNK = 1000;

  @PersistenceContext EntityManager em;

  /** A page of calls, newest first. */
  public Page<CallView> page(CallFilter f, int page, int size) {
    List<CallView> items =
        PageRows.of(
                f.bind(
                    em.createQuery(
                        "select c from AuditedCall c" + f.where() + " order by c.id desc",
                        AuditedCall.class)),
                page,
                size,
                AuditedCall::id)
            .stream()
            .map(CallView::of)
            .toList();
    long total =
        f.bind(em.createQuery("select count(c) from AuditedCall c" + f.where(), Long.class))
            .getSingleResult();
    return new Page<>(items, page, size, total);
  }

  /**
   * Writes the matching calls as CSV, oldest first, in chunks by id (keyset paging, so that rows
   * written meanwhile neither repeat nor shift the export).
   */
  public void exportCsv(CallFilter f, OutputStream out) throws IOException {
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    w.write(CallView.CSV_HEADER);
    w.write("\r\n");
    long after = 0;
    int written = 0;
    while (written < MAX_EXPORT) {
      List<AuditedCall> chunk =
          f.bind(
                  em.createQuery(
                      "select c from AuditedCall c"
                          + f.where()
                          + " and c.id > :after order by c.id",
                      AuditedCall.class))
              .setParameter("after", after)
              .setMaxResults(EXPORT_CHUNK)
              .getResultList();
      for (AuditedCall c : chunk) {
        w.write(CallView.of(c).csv());
        w.write("\r\n");
        after = c.id();
      }
      written += chunk.size();
      em.clear();
      if (chunk.size() < EXPORT_CHUNK) {
        break;
      }
    }
    w.flush();
  }

  /** One category's share of the calls. */
  public record CategoryShare(
      String category,
      long calls,
      double percent,
      long errors,
      long tooManyRequests,
      Map<String, Long> methods) {}

  /** Calls per category, largest first, with their share, errors, 429s and methods. */
  public List<CategoryShare> byCategory(CallFilter f) {
    List<Object[]> rows =
        f.bind(
                em.createQuery(
                    "select c.category, c.apiMethod, count(c),"
                        + " sum(case when c.errorCode is not null or c.httpStatus = 0 then 1 else"
                        + " 0 end),"
                        + " sum(case when c.errorCode = 429 then 1 else 0 end)"
                        + " from AuditedCall c"
                        + f.where()
                        + " group by c.category, c.apiMethod",
                    Object[].class))
            .getResultList();
    long total = rows.stream().mapToLong(r -> ((Number) r[2]).longValue()).sum();
    Map<String, long[]> counts = new LinkedHashMap<>();
    Map<String, Map<String, Long>> methods = new LinkedHashMap<>();
    for (Object[] r : rows) {
      String category = (String) r[0];
      long[] c = counts.computeIfAbsent(category, k -> new long[3]);
      c[0] += ((Number) r[2]).longValue();
      c[1] += r[3] == null ? 0 : ((Number) r[3]).longValue();
      c[2] += r[4] == null ? 0 : ((Number) r[4]).longValue();
      methods
          .computeIfAbsent(category, k -> new LinkedHashMap<>())
          .put((String) r[1], ((Number) r[2]).longValue());
    }
    List<CategoryShare> out = new ArrayList<>();
    counts.forEach(
        (category, c) ->
            out.add(
                new CategoryShare(
                    category,
                    c[0],
                    total == 0 ? 0 : Math.round(c[0] * 1000.0 / total) / 10.0,
                    c[1],
                    c[2],
                    methods.get(category))));
    out.sort((a, b) -> Long.compare(b.calls(), a.calls()));
    return out;
  }

  /** Calls per HTTP status (0: no answer), as text, in the status's text order. */
  public Map<String, Long> byHttpStatus(CallFilter f) {
    Map<String, Long> out = new TreeMap<>();
    for (Object[] r :
        f.bind(
                em.createQuery(
                    "select c.httpStatus, count(c) from AuditedCall c"
                        + f.where()
                        + " group by c.httpStatus",
                    Object[].class))
            .getResultList()) {
      out.put(String.valueOf(r[0]), ((Number) r[1]).longValue());
    }
    return out;
  }

  /** Counts, chats, times and descriptions of the calls answered with one error code. */
  public Optional<Evidence.ErrorCalls> errorCalls(CallFilter f, int code) {
    List<Object[]> rows =
        f.bind(
                em.createQuery(
                    "select c.description, c.apiMethod, count(c), min(c.calledAt),"
                        + " max(c.calledAt) from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code group by c.description, c.apiMethod",
                    Object[].class))
            .setParameter("code", code)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    long n = 0;
    Instant first = null;
    Instant last = null;
    Map<String, Long> descriptions = new TreeMap<>();
    Map<String, Long> methods = new TreeMap<>();
    for (Object[] r : rows) {
      long c = ((Number) r[2]).longValue();
      n += c;
      descriptions.merge(String.valueOf(r[0]), c, Long::sum);
      methods.merge((String) r[1], c, Long::sum);
      first = first == null || ((Instant) r[3]).isBefore(first) ? (Instant) r[3] : first;
      last = last == null || ((Instant) r[4]).isAfter(last) ? (Instant) r[4] : last;
    }
    long chats =
        f.bind(
                em.createQuery(
                    "select count(distinct c.chatId) from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code",
                    Long.class))
            .setParameter("code", code)
            .getSingleResult();
    List<Long> exampleChats =
        f.bind(
                em.createQuery(
                    "select distinct c.chatId from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code and c.chatId is not null",
                    Long.class))
            .setParameter("code", code)
            .setMaxResults(EXAMPLE_CHATS)
            .getResultList();
    return Optional.of(
        new Evidence.ErrorCalls(code, n, chats, first, last, descriptions, methods, exampleChats));
  }

  /** How many of the matching calls the delivery engine made in one lane (e.g. agent-reply). */
  public long countInLane(CallFilter f, String lane) {
    return f.bind(
            em.createQuery(
                "select count(c) from AuditedCall c" + f.where() + " and c.lane = :lane",
                Long.class))
        .setParameter("lane", lane)
        .getSingleResult();
  }

  /** Whether the delivery engine made any of the matching calls (they have a lane). */
  public boolean anyDeliveryCalls(CallFilter f) {
    return f.bind(
                em.createQuery(
                    "select count(c) from AuditedCall c" + f.where() + " and c.lane is not null",
                    Long.class))
            .getSingleResult()
        > 0;
  }

  /**
   * A call that failed on Telegram's side or got no answer.
   *
   * @param httpStatus 0 when no answer came
   */
  public record UpstreamFailure(Instant at, int httpStatus, String description) {}

  /**
   * Calls answered 5xx or not at all (other than 409 conflicts), oldest first, at most {@code max}.
   */
  public List<UpstreamFailure> upstreamFailures(CallFilter f, int max) {
    return f
        .bind(
            em.createQuery(
                "select c.calledAt, c.httpStatus, c.description from AuditedCall c"
                    + f.where()
                    + " and (c.httpStatus = 0 or c.httpStatus >= 500)"
                    + " and (c.errorCode is null or c.errorCode <> 409)"
                    + " order by c.calledAt",
                Object[].class))
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(r -> new UpstreamFailure((Instant) r[0], (Integer) r[1], (String) r[2]))
        .toList();
  }
}
