package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRulesTest {

  @Test
  void aHintNamesTheLengthAndAFingerprintButNoCharacterOfTheSecret() {
    String secret = "shpss_0123456789abcdefWXYZ";
    String hint = SecretRules.hint(secret);

    assertThat(hint).startsWith(secret.length() + " characters, sha256 ");
    assertThat(hint).doesNotContain("WXYZ").doesNotContain("shpss");
    assertThat(SecretRules.hint(secret)).isEqualTo(hint);
    assertThat(SecretRules.hint(secret + "!")).isNotEqualTo(hint);
  }

  @Test
  void sixteenCharactersAreTheMinimum() {
    assertThat(SecretRules.isLongEnough("0123456789abcde")).isFalse();
    assertThat(SecretRules.isLongEnough("0123456789abcdef")).isTrue();
    assertThat(SecretRules.isLongEnough(null)).isFalse();
  }
}
