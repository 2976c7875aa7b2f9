package io.tgdesk.telegram.bots;

import io.tgdesk.config.EgressSettings;
import io.tgdesk.config.Settings;
import io.tgdesk.telegram.botapi.BotApiCall;
import io.tgdesk.telegram.botapi.BotApiClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * One shared Bot API client for the application, with the configured timeouts. Produced as a plain
 * (dependent) reference to the single instance this bean owns and closes. Every call it makes is
 * raised as a {@link BotApiCall} event (the call audit observes them).
 */
@ApplicationScoped
public class BotApiClientProducer {

  @Inject Settings settings;
  @Inject EgressSettings egress;
  @Inject Clock clock;
  @Inject Event<BotApiCall> calls;

  private BotApiClient client;

  @PostConstruct
  void open() {
    // Every call is raised as a CDI event: the call audit listens (and must stay quick).
    client =
        new BotApiClient(
            settings.telegramConnectTimeout(),
            settings.telegramReadTimeout(),
            clock,
            calls::fire,
            egress.maxAnswerBytes());
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
