package io.tgdesk.tickets.texts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped texts load (a file with an unknown key or placeholder fails class initialization, and
 * so this test), English and Russian have every key, and every shipped text renders complete with
 * the values its callers always have.
 */
class ShippedTextsTest {

  @Test
  void englishAndRussianHaveEveryKey() {
    for (CustomerText key : CustomerText.values()) {
      assertThat(ShippedTexts.find(key, "en")).as(key + " in en").isPresent();
      assertThat(ShippedTexts.find(key, "ru")).as(key + " in ru").isPresent();
    }
  }

  @Test
  void theRatingTextsReadAsAgreed() {
    assertThat(ShippedTexts.of(CustomerText.CSAT_PROMPT))
        .containsEntry("en", "How did we do? Rate us from 1 to 5.")
        .containsEntry("ru", "Как мы справились? Оцените нас от 1 до 5.");
    assertThat(ShippedTexts.of(CustomerText.CSAT_THANKS))
        .containsEntry("en", "Thank you for your rating!");
  }

  @Test
  void everyShippedTextRendersCompleteWithTheValuesItsCallersAlwaysHave() {
    Map<String, String> always = new HashMap<>();
    always.put("ticket.id", "12");
    always.put("ticket.subject", "Parcel");
    always.put("order", "#1001");
    always.put("fulfillment_status", "unfulfilled");
    always.put("financial_status", "paid");
    always.put("total", "10.00");
    always.put("currency", "EUR");
    always.put("refund", "5.00");
    for (String language : ShippedTexts.LANGUAGES) {
      for (CustomerText key : CustomerText.values()) {
        ShippedTexts.find(key, language)
            .ifPresent(
                t ->
                    assertThat(t.missing(always::get))
                        .as(key + " in " + language + " needs no more values")
                        .isEmpty());
      }
    }
  }

  @Test
  void theKeysAreFoundRegardlessOfCase() {
    assertThat(CustomerText.find("greeting")).contains(CustomerText.GREETING);
    assertThat(CustomerText.find("NO_SUCH_TEXT")).isEmpty();
    assertThat(Arrays.stream(CustomerText.values()).map(k -> k.placeholders().size()))
        .allMatch(n -> n > 0);
  }
}
