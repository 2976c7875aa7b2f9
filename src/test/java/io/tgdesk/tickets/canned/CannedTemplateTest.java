package io.tgdesk.tickets.canned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CannedTemplateTest {

  static final Map<String, String> ANN =
      Map.of(
          "customer.first_name", "Ann",
          "customer.name", "Ann Lee",
          "ticket.id", "42",
          "ticket.subject", "Parcel late",
          "agent.name", "bob",
          "queue.name", "billing");

  @Test
  void everyPlaceholderIsReplacedByItsValue() {
    CannedTemplate t =
        CannedTemplate.parse(
            "Hi {customer.first_name}, ticket #{ticket.id} ({ticket.subject}) is in {queue.name}."
                + " {agent.name} / {customer.name}");

    assertThat(t.render(ANN::get, null))
        .isEqualTo("Hi Ann, ticket #42 (Parcel late) is in billing. bob / Ann Lee");
    assertThat(t.placeholders())
        .containsExactly(
            "customer.first_name",
            "ticket.id",
            "ticket.subject",
            "queue.name",
            "agent.name",
            "customer.name");
  }

  @Test
  void aMissingValueRendersItsFallbackOrNothingButNeverThePlaceholder() {
    CannedTemplate t = CannedTemplate.parse("Hi {customer.first_name|there}! Queue: {queue.name}.");

    assertThat(t.render(name -> null, null)).isEqualTo("Hi there! Queue: .");
    assertThat(t.render(name -> "  ", null)).isEqualTo("Hi there! Queue: .");
    assertThat(t.render(ANN::get, null)).isEqualTo("Hi Ann! Queue: billing.");
  }

  @Test
  void doubledBracesAreLiteralBraces() {
    CannedTemplate t = CannedTemplate.parse("{{\"id\": {ticket.id}}} and {{x}}");

    assertThat(t.render(ANN::get, null)).isEqualTo("{\"id\": 42} and {x}");
    assertThat(t.placeholders()).containsExactly("ticket.id");
  }

  @Test
  void anUnknownPlaceholderIsRejectedNamingIt() {
    assertThatThrownBy(() -> CannedTemplate.parse("Hi {customer.age} and {foo|x}, {ticket.id}"))
        .isInstanceOf(CannedTemplate.InvalidTemplate.class)
        .hasMessageContaining("unknown placeholders {customer.age}, {foo|x}")
        .hasMessageContaining("known: {customer.first_name}");
  }

  @Test
  void anUnclosedBraceIsRejectedWithWhereItStarts() {
    assertThatThrownBy(() -> CannedTemplate.parse("Hi {customer.first_name"))
        .isInstanceOf(CannedTemplate.InvalidTemplate.class)
        .hasMessageContaining("unclosed placeholder at position 3: {customer.first_name");
    assertThatThrownBy(() -> CannedTemplate.parse("Hi {customer.{ticket.id}"))
        .hasMessageContaining("unclosed placeholder at position 3");
  }

  @Test
  void aStrayClosingBraceIsRejected() {
    assertThatThrownBy(() -> CannedTemplate.parse("smile :}"))
        .isInstanceOf(CannedTemplate.InvalidTemplate.class)
        .hasMessageContaining("'}' without its '{' at position 7");
  }

  @Test
  void valuesAreEscapedForTheParseModeButTheTemplateIsNot() {
    Map<String, String> odd = Map.of("customer.first_name", "<b>A&B_1.</b>");

    assertThat(CannedTemplate.parse("<i>Hi</i> {customer.first_name}").render(odd::get, "HTML"))
        .isEqualTo("<i>Hi</i> &lt;b&gt;A&amp;B_1.&lt;/b&gt;");
    assertThat(CannedTemplate.parse("*Hi* {customer.first_name}").render(odd::get, "MarkdownV2"))
        .isEqualTo("*Hi* <b\\>A&B\\_1\\.</b\\>");
    assertThat(CannedTemplate.parse("*Hi* {customer.first_name}").render(odd::get, "Markdown"))
        .isEqualTo("*Hi* <b>A&B\\_1.</b>");
    assertThat(CannedTemplate.parse("{customer.first_name}").render(odd::get, null))
        .isEqualTo("<b>A&B_1.</b>");
  }

  @Test
  void aTemplateWithoutPlaceholdersRendersAsWritten() {
    CannedTemplate t = CannedTemplate.parse("Thanks, we are on it.");

    assertThat(t.render(name -> null, "HTML")).isEqualTo("Thanks, we are on it.");
    assertThat(t.placeholders()).isEqualTo(List.of());
  }
}
