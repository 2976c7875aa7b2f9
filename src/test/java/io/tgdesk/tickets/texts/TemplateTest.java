package io.tgdesk.tickets.texts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private static final Set<String> KNOWN = Set.of("order", "tracking", "customer.first_name");

  @Test
  void aPlaceholderWithoutValueOrFallbackIsNamedAsMissing() {
    Template t = Template.parse("Order {order}: {tracking|no tracking yet}, {order}", KNOWN);

    assertThat(t.missing(Map.<String, String>of()::get)).containsExactly("order");
    assertThat(t.missing(Map.of("order", "#1")::get)).isEmpty();
    assertThat(t.render(Map.of("order", "#1")::get, null))
        .isEqualTo("Order #1: no tracking yet, #1");
  }

  @Test
  void aBlankValueCountsAsMissing() {
    Map<String, String> values = new HashMap<>();
    values.put("order", " ");
    values.put("tracking", null);

    assertThat(Template.parse("{order} {tracking}", KNOWN).missing(values::get))
        .containsExactly("order", "tracking");
  }

  @Test
  void anEmptyFallbackMakesAPlaceholderOptional() {
    Template t = Template.parse("Shipped. {tracking|}", KNOWN);

    assertThat(t.missing(Map.<String, String>of()::get)).isEmpty();
    assertThat(t.render(Map.<String, String>of()::get, null).strip()).isEqualTo("Shipped.");
  }

  @Test
  void unknownPlaceholdersAreNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> Template.parse("Hi {customer.age} {ticket.id|x}", List.of("order")))
        .isInstanceOfSatisfying(
            Template.InvalidTemplate.class,
            e -> {
              assertThat(e.unknown()).containsExactly("{customer.age}", "{ticket.id|x}");
              assertThat(e.getMessage()).contains("known: {order}");
            });
  }

  @Test
  void aTemplateWithoutPlaceholdersMayUseNone() {
    assertThat(Template.parse("How did we do?", List.of()).placeholders()).isEmpty();
    assertThatThrownBy(() -> Template.parse("{rating}", List.of()))
        .hasMessageContaining("known: none");
  }
}
