package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.TypedQuery;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRowsTest {

  record Row(long id, String state) {}

  /**
   * A query that answers {@code rows}, as a database scan that met a row twice would, and records
   * the offset and limit it was given.
   */
  @SuppressWarnings("unchecked")
  static TypedQuery<Row> answering(List<Row> rows, List<Integer> asked) {
    return (TypedQuery<Row>)
        Proxy.newProxyInstance(
            PageRowsTest.class.getClassLoader(),
            new Class<?>[] {TypedQuery.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setFirstResult", "setMaxResults" -> {
                    asked.add((Integer) args[0]);
                    yield proxy;
                  }
                  case "getResultList" -> rows;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aRowTheScanMetTwiceIsListedOnceWhereItCameFirst() {
    // Entry 7 changed state while the scan ran and was met again further on.
    List<Row> scanned =
        List.of(
            new Row(9, "pending"),
            new Row(7, "pending"),
            new Row(5, "pending"),
            new Row(7, "sent"),
            new Row(3, "pending"));
    List<Integer> asked = new ArrayList<>();

    List<Row> page = PageRows.of(answering(scanned, asked), 2, 50, Row::id);

    assertThat(page)
        .containsExactly(
            new Row(9, "pending"),
            new Row(7, "pending"),
            new Row(5, "pending"),
            new Row(3, "pending"));
    assertThat(asked).containsExactly(100, 50); // the third page of 50: rows 100 to 149
  }
}
