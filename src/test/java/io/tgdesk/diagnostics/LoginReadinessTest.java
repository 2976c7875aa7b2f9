package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginReadinessTest {

  @Test
  void withoutAnLtpaKeysPasswordNoLoginCanSucceedAndTheReasonNamesTheVariable() {
    assertThat(LoginReadiness.missingPassword(name -> null))
        .hasValueSatisfying(
            reason ->
                assertThat(reason).contains("ltpa_keys_password").contains("keystore_password"));
  }

  @Test
  void aBlankPasswordCountsAsNone() {
    assertThat(LoginReadiness.missingPassword(Map.of("ltpa_keys_password", " ")::get)).isPresent();
  }

  @Test
  void eitherTheLtpaOrTheKeystorePasswordLetsLoginsSucceed() {
    assertThat(LoginReadiness.missingPassword(Map.of("ltpa_keys_password", "s3cret")::get))
        .isEmpty();
    assertThat(LoginReadiness.missingPassword(Map.of("keystore_password", "s3cret")::get))
        .isEmpty();
  }

  @Test
  void upperCaseNamesAreNotWhatLibertyReads() {
    assertThat(LoginReadiness.missingPassword(Map.of("LTPA_KEYS_PASSWORD", "s3cret")::get))
        .isPresent();
  }
}
