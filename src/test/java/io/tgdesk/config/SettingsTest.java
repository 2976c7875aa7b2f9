package io.tgdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void missingKeysTakeTheirDefaults() {
    Settings s = Settings.from(key -> null);
    assertThat(s.production()).isFalse();
    assertThat(s.webhookMaxBodyBytes()).isEqualTo(1_048_576);
    assertThat(s.webhookMaxConnections()).isEqualTo(40);
    assertThat(s.allowedUpdates())
        .containsExactly(
            "message",
            "edited_message",
            "my_chat_member",
            "callback_query",
            "business_connection",
            "business_message",
            "edited_business_message",
            "deleted_business_messages");
    assertThat(s.telegramReadTimeout()).isGreaterThan(Duration.ofSeconds(60));
    assertThat(s.adminPassword()).isEqualTo("tgdesk-dev-admin");
  }

  @Test
  void theDatabaseIsPostgresOnlyWhenTheDatabaseTypeSaysSo() {
    assertThat(Settings.from(key -> null).onPostgres()).isFalse();
    assertThat(Settings.from(Map.of("db.type", "derby")::get).onPostgres()).isFalse();
    assertThat(Settings.from(Map.of("db.type", "postgres")::get).onPostgres()).isTrue();
  }

  @Test
  void trailingSlashesAreStrippedFromUrls() {
    Settings s =
        Settings.from(Map.of("tgdesk.public-base-url", "https://help.example.com/tgdesk/")::get);
    assertThat(s.publicBaseUrl()).hasToString("https://help.example.com/tgdesk");
  }

  @Test
  void aNonNumberNamesTheKeyAndItsEnvironmentVariable() {
    assertThatThrownBy(() -> Settings.from(Map.of("tgdesk.intake.max-attempts", "many")::get))
        .hasMessageContaining("tgdesk.intake.max-attempts")
        .hasMessageContaining("TGDESK_INTAKE_MAX_ATTEMPTS");
  }

  @Test
  void outOfRangeMaxConnectionsIsRefused() {
    assertThatThrownBy(() -> Settings.from(Map.of("tgdesk.webhook.max-connections", "101")::get))
        .hasMessageContaining("between 1 and 100");
  }

  @Test
  void describeMasksSecrets() {
    Map<String, String> shown = Settings.describe(Map.of("tgdesk.admin.password", "hunter2")::get);
    assertThat(shown.get("tgdesk.admin.password")).isEqualTo("********");
    assertThat(shown).containsKey("db.type").doesNotContainValue("hunter2");
  }

  @Test
  void productionAndAnAdminPasswordFromTheEnvironmentAreRead() {
    Settings s =
        Settings.from(
            Map.of("tgdesk.production", "true", "tgdesk.admin.password", "long-random")::get);
    assertThat(s.production()).isTrue();
    assertThat(s.adminPassword()).isEqualTo("long-random");
  }

  @Test
  void diagnosticsSettingsHaveTheirDefaultsAndRefuseOutOfRangeValues() {
    DiagnosticsSettings d = DiagnosticsSettings.from(key -> null);
    assertThat(d.auditRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(d.retentionBatchSize()).isEqualTo(500);
    assertThat(d.clusterSize()).isEqualTo(3);
    assertThat(d.clusterWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.hiddenTrafficPercent()).isEqualTo(40);
    assertThat(d.webhookCheckInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(
            () -> DiagnosticsSettings.from(Map.of("tgdesk.diagnostics.cluster-size", "1")::get))
        .hasMessageContaining("TGDESK_DIAGNOSTICS_CLUSTER_SIZE");
  }

  @Test
  void
      aFailedIntakeItemIsRetriedAfterADoublingDelayCappedAtFifteenMinutesUntilItsAttemptsAreSpent() {
    Settings s =
        Settings.from(
            Map.of("tgdesk.intake.retry-base-seconds", "5", "tgdesk.intake.max-attempts", "20")
                ::get);
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    assertThat(s.intakeRetryAt(1, now)).isEqualTo(now.plusSeconds(5));
    assertThat(s.intakeRetryAt(3, now)).isEqualTo(now.plusSeconds(20));
    assertThat(s.intakeRetryAt(12, now)).isEqualTo(now.plusSeconds(15 * 60));
    assertThat(s.intakeRetryAt(19, now)).isEqualTo(now.plusSeconds(15 * 60));
    assertThat(s.intakeRetryAt(20, now)).isNull();
  }
}
