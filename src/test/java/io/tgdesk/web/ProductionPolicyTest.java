package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.config.WebSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionPolicyTest {

  static final WebSettings DEVELOPMENT = WebSettings.from(key -> null);
  static final WebSettings PRODUCTION = WebSettings.from(Map.of("tgdesk.production", "true")::get);
  static final WebSettings BEHIND_A_PROXY =
      WebSettings.from(
          Map.of("tgdesk.production", "true", "tgdesk.web.trust-forwarded-proto", "true")::get);

  static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void developmentModeLetsEverythingThrough() {
    assertThat(
            ProductionPolicy.decide(DEVELOPMENT, false, null, basic("agent:tgdesk-dev-agent"))
                .allowed())
        .isTrue();
  }

  @Test
  void credentialsOverPlainHttpAre403NamingTheProxySetting() {
    var verdict = ProductionPolicy.decide(PRODUCTION, false, null, basic("ops:long-and-random"));
    assertThat(verdict.status()).isEqualTo(403);
    assertThat(verdict.detail()).contains("TGDESK_WEB_TRUST_FORWARDED_PROTO");
  }

  @Test
  void theForwardedProtoCountsOnlyWhenTheSettingTrustsIt() {
    String ops = basic("ops:long-and-random");
    assertThat(ProductionPolicy.decide(PRODUCTION, false, "https", ops).status()).isEqualTo(403);
    assertThat(ProductionPolicy.decide(BEHIND_A_PROXY, false, "https", ops).allowed()).isTrue();
    assertThat(ProductionPolicy.decide(BEHIND_A_PROXY, false, "HTTPS, http", ops).allowed())
        .isTrue();
    assertThat(ProductionPolicy.decide(BEHIND_A_PROXY, false, "http", ops).status()).isEqualTo(403);
    assertThat(ProductionPolicy.decide(BEHIND_A_PROXY, false, null, ops).status()).isEqualTo(403);
    assertThat(ProductionPolicy.decide(PRODUCTION, true, null, ops).allowed()).isTrue();
  }

  @Test
  void theDevelopmentPasswordOfEitherRoleIs503WhateverTheUserName() {
    for (String credentials :
        new String[] {
          "admin:tgdesk-dev-admin",
          "agent:tgdesk-dev-agent",
          "ops:tgdesk-dev-agent",
          "x:tgdesk-dev-admin"
        }) {
      var verdict = ProductionPolicy.decide(PRODUCTION, true, null, basic(credentials));
      assertThat(verdict.status()).as(credentials).isEqualTo(503);
      assertThat(verdict.detail()).contains("TGDESK_ADMIN_PASSWORD", "TGDESK_AGENT_PASSWORD");
    }
  }

  @Test
  void requestsWithoutCredentialsPassForTheWebhooksAndTheRolesToAnswer() {
    assertThat(ProductionPolicy.decide(PRODUCTION, false, null, null).allowed()).isTrue();
    assertThat(ProductionPolicy.decide(PRODUCTION, false, null, " ").allowed()).isTrue();
  }

  @Test
  void otherSchemesAndMalformedBasicValuesAreNotMistakenForADevelopmentPassword() {
    assertThat(ProductionPolicy.decide(PRODUCTION, true, null, "Bearer abc").allowed()).isTrue();
    assertThat(ProductionPolicy.decide(PRODUCTION, true, null, "Basic %%%").allowed()).isTrue();
    assertThat(ProductionPolicy.decide(PRODUCTION, false, null, "Bearer abc").status())
        .isEqualTo(403);
  }
}
