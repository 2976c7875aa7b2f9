package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

  @Test
  void generatedSecretsAreWellFormedAndDifferent() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String s = WebhookSecrets.generate();
      assertThat(WebhookSecrets.isWellFormed(s)).isTrue();
      assertThat(s).hasSize(64);
      seen.add(s);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void formatFollowsTelegramsRuleAndOurMinimumOf16Characters() {
    assertThat(WebhookSecrets.isWellFormed("a")).isFalse();
    assertThat(WebhookSecrets.isWellFormed("A-z_0-9")).isFalse();
    assertThat(WebhookSecrets.isWellFormed("0123456789abcde")).isFalse();
    assertThat(WebhookSecrets.isWellFormed("A-z_0-9A-z_0-9AB")).isTrue();
    assertThat(WebhookSecrets.isWellFormed("x".repeat(256))).isTrue();
    assertThat(WebhookSecrets.isWellFormed("x".repeat(257))).isFalse();
    assertThat(WebhookSecrets.isWellFormed("")).isFalse();
    assertThat(WebhookSecrets.isWellFormed("with space and more")).isFalse();
    assertThat(WebhookSecrets.isWellFormed("dot.ted.and.longer.still")).isFalse();
  }

  @Test
  void onlyTheExactSecretMatches() {
    assertThat(WebhookSecrets.matches("abc", "abc")).isTrue();
    assertThat(WebhookSecrets.matches("abc", "abd")).isFalse();
    assertThat(WebhookSecrets.matches("abc", "abcd")).isFalse();
    assertThat(WebhookSecrets.matches("abc", null)).isFalse();
    assertThat(WebhookSecrets.matches(null, "abc")).isFalse();
  }
}
