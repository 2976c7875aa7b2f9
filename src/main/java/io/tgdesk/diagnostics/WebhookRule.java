package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Webhook checks that raised alerts: Telegram delivers the bot's updates elsewhere, cannot reach
 * TgDesk, or updates pile up at Telegram. The first webhook bot with alerts is named. A webhook set
 * to another URL is one of {@link Finding#TOKEN_HELD_ELSEWHERE}.
 */
@ApplicationScoped
class WebhookRule implements FindingRule {

  static final int CHECKS = 100;

  @Inject WebhookChecks webhooks;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    for (var bot : webhooks.webhookBots(botId)) {
      List<WebhookCheck> history = webhooks.history(bot.id().value(), from, to, CHECKS);
      List<WebhookCheck> alerting =
          history.stream().filter(c -> c.alerts() != null && !c.alerts().isEmpty()).toList();
      if (!alerting.isEmpty()) {
        return Optional.of(finding(bot.id().value(), history, alerting));
      }
    }
    return Optional.empty();
  }

  private static Finding finding(
      long botId, List<WebhookCheck> history, List<WebhookCheck> alerting) {
    WebhookCheck latest = alerting.get(0);
    Set<String> alerts = new TreeSet<>();
    alerting.forEach(c -> alerts.addAll(List.of(c.alerts().split(","))));
    var e =
        new Evidence.Webhook(
            botId,
            alerts,
            history.size(),
            alerting.size(),
            latest.checkedAt(),
            latest.expectedUrl(),
            latest.url(),
            latest.pendingUpdateCount(),
            latest.lastErrorDate(),
            latest.lastErrorMessage(),
            latest.checkError(),
            history.stream()
                .filter(c -> c.pendingUpdateCount() != null)
                .map(c -> new Evidence.Pending(c.checkedAt(), c.pendingUpdateCount()))
                .toList());
    String[] wording = wording(alerts, latest);
    Finding f = new Finding("webhook-not-reaching-us", "critical", 95, wording[0], e, wording[1]);
    return setElsewhere(alerts, latest) ? f.asTokenHeldElsewhere() : f;
  }

  /**
   * Telegram posts to another URL: someone called setWebhook with the token. (No URL at all may be
   * a webhook never registered, or deleted by anyone: not counted.)
   */
  private static boolean setElsewhere(Set<String> alerts, WebhookCheck latest) {
    return alerts.contains("url-mismatch") && latest.url() != null && !latest.url().isEmpty();
  }

  /** The summary and the fix for the strongest alert. */
  private static String[] wording(Set<String> alerts, WebhookCheck latest) {
    String summary;
    String fix;
    if (alerts.contains("url-mismatch")) {
      summary =
          "Telegram delivers this bot's updates to "
              + (latest.url() == null || latest.url().isEmpty()
                  ? "no webhook at all"
                  : latest.url())
              + ", not to TgDesk ("
              + latest.expectedUrl()
              + ").";
      fix =
          "Register the webhook again with POST /api/admin/bots/{id}/webhook; make sure"
              + " TGDESK_PUBLIC_BASE_URL is the public HTTPS address and that no other"
              + " system calls setWebhook or deleteWebhook with this token (if you cannot"
              + " find it, revoke the token with @BotFather (/revoke) and PATCH"
              + " /api/admin/bots/{id} with the new one).";
    } else if (alerts.contains("recent-error")) {
      summary =
          "Telegram cannot deliver updates to the webhook: "
              + latest.lastErrorMessage()
              + (latest.pendingUpdateCount() == null
                  ? "."
                  : "; " + latest.pendingUpdateCount() + " updates wait at Telegram.");
      fix =
          "Make the webhook URL reachable from the internet over HTTPS (port 443, 80, 88 or"
              + " 8443) with a valid certificate; check the reverse proxy and that"
              + " /api/telegram/{id}/webhook answers 200. Telegram retries for up to 24 h.";
    } else if (alerts.contains("check-failed")) {
      summary = "getWebhookInfo itself failed: " + latest.checkError();
      fix = "See the other findings (token, upstream errors); check the Bot API is reachable.";
    } else {
      summary =
          "Updates pile up at Telegram: "
              + latest.pendingUpdateCount()
              + " pending, more than at the check before.";
      fix =
          "TgDesk answers too slowly or not at all: check the server's load, the reverse"
              + " proxy's timeouts and the webhook's max_connections.";
    }
    return new String[] {summary, fix};
  }
}
