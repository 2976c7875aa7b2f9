package io.tgdesk.telegram.bots;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.WebhookInfo;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Points Telegram at our webhook for a bot, removes it, and reports what Telegram has. */
@ApplicationScoped
public class WebhookRegistration {

  private static final Logger LOG = Logger.getLogger(WebhookRegistration.class.getName());

  @Inject BotRegistry registry;
  @Inject BotApiClient botApi;
  @Inject Settings settings;

  /** Calls setWebhook with our URL, the bot's secret, max_connections and allowed_updates. */
  public WebhookInfo register(BotId id) {
    Bot bot = registry.get(id);
    if (bot.mode() != BotMode.WEBHOOK) {
      throw ProblemException.conflict(
          "Bot "
              + id
              + " is in polling mode; switch it to webhook mode (PATCH mode=webhook) first.");
    }
    String url = registry.webhookUrl(id);
    if (!url.startsWith("https://")) {
      // Telegram accepts only HTTPS webhooks; a Local Bot API server or a test server may accept
      // HTTP.
      LOG.warning(
          "Webhook URL "
              + url
              + " is not HTTPS: api.telegram.org will refuse it; set TGDESK_PUBLIC_BASE_URL");
    }
    try {
      botApi.setWebhook(
          bot.endpoint(),
          url,
          bot.webhookSecret(),
          settings.webhookMaxConnections(),
          settings.allowedUpdates());
    } catch (BotApiException e) {
      throw upstream("setWebhook", e);
    }
    try {
      return botApi.getWebhookInfo(bot.endpoint());
    } catch (BotApiException e) {
      throw upstream("getWebhookInfo", e);
    }
  }

  public void remove(BotId id) {
    Bot bot = registry.get(id);
    try {
      botApi.deleteWebhook(bot.endpoint());
    } catch (BotApiException e) {
      throw upstream("deleteWebhook", e);
    }
  }

  public WebhookInfo info(BotId id) {
    Bot bot = registry.get(id);
    try {
      return botApi.getWebhookInfo(bot.endpoint());
    } catch (BotApiException e) {
      throw upstream("getWebhookInfo", e);
    }
  }

  private static ProblemException upstream(String method, BotApiException e) {
    return BotApiProblems.of(method, e, "");
  }
}
