package io.tgdesk.telegram.bots;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.botapi.BotApiClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * One shared Bot API client for the application, with the configured timeouts. Produced as a plain
 * (dependent) reference to the single instance this bean owns and closes.
 */
@ApplicationScoped
public class BotApiClientProducer {

  @Inject Settings settings;

  private BotApiClient client;

  @PostConstruct
  void open() {
    client = new BotApiClient(settings.telegramConnectTimeout(), settings.telegramReadTimeout());
  }

  @Produces
  BotApiClient botApiClient() {
    return client;
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
