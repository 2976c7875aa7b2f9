package io.tgdesk.schema;

import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a list query, each row once. Under READ COMMITTED, Derby's scan can meet a row twice
 * when a concurrent transaction changes one of its indexed columns while the scan runs (its index
 * entry moves ahead of the scan): an outbox entry whose state the engine changed was listed twice
 * (65 entries where 60 were queued). A page may then hold fewer rows than its size; the total comes
 * from its own count.
 */
public final class PageRows {

  private PageRows() {}

  /**
   * The rows of page {@code page} (0-based) of {@code size} rows, in the query's order, a row met
   * twice kept where it came first.
   *
   * @param id the row's identity (its primary key)
   */
  public static <T> List<T> of(TypedQuery<T> query, int page, int size, Function<T, ?> id) {
    Map<Object, T> once = new LinkedHashMap<>();
    query
        .setFirstResult(page * size)
        .setMaxResults(size)
        .getResultList()
        .forEach(row -> once.putIfAbsent(id.apply(row), row));
    return List.copyOf(once.values());
  }
}
