package io.tgdesk.tickets.texts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {

  @Test
  void aRegionalTagFallsBackToItsLanguageThenToEnglish() {
    assertThat(Languages.fallbacks("pt-br")).containsExactly("pt-br", "pt", "en");
    assertThat(Languages.fallbacks("zh-hant-tw"))
        .containsExactly("zh-hant-tw", "zh-hant", "zh", "en");
  }

  @Test
  void tagsAreReadRegardlessOfCaseAndUnderscore() {
    assertThat(Languages.fallbacks("PT_BR")).containsExactly("pt-br", "pt", "en");
    assertThat(Languages.normalize(" Ru ")).isEqualTo("ru");
  }

  @Test
  void englishComesOnceAndLast() {
    assertThat(Languages.fallbacks("en")).containsExactly("en");
    assertThat(Languages.fallbacks("en-gb")).containsExactly("en-gb", "en");
    assertThat(Languages.fallbacks("ru")).containsExactly("ru", "en");
  }

  @Test
  void aMissingOrMalformedCodeMeansEnglish() {
    assertThat(Languages.fallbacks(null)).containsExactly("en");
    assertThat(Languages.fallbacks("")).containsExactly("en");
    assertThat(Languages.fallbacks("../../etc")).containsExactly("en");
    assertThat(Languages.fallbacks("x")).containsExactly("en");
    assertThat(Languages.normalize("a-very-long-language-tag")).isNull();
  }
}
