package io.tgdesk.telegram.bots;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.botapi.BotApiClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** One shared Bot API client for the application, with the configured timeouts. */
@ApplicationScoped
public class BotApiClientProducer {

  @Produces
  @ApplicationScoped
  BotApiClient botApiClient(Settings settings) {
    return new BotApiClient(settings.telegramConnectTimeout(), settings.telegramReadTimeout());
  }

  void close(@Disposes BotApiClient client) {
    client.close();
  }
}
