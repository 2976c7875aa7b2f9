package io.tgdesk.telegram.bots;

import io.tgdesk.config.Settings;
import io.tgdesk.egress.EgressGuard;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.User;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.WebhookSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Registers, changes and removes bots. A token is accepted only after Telegram's getMe answered for
 * it; nothing is stored otherwise. Fires {@link BotsChanged} after every committed change.
 */
@ApplicationScoped
public class BotRegistry {

  private static final Logger LOG = Logger.getLogger(BotRegistry.class.getName());

  @Inject BotStore store;
  @Inject BotApiClient botApi;
  @Inject Settings settings;
  @Inject Clock clock;
  @Inject Event<BotsChanged> changed;
  @Inject EgressGuard egress;

  public Bot register(BotRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with name, token and mode is required.");
    }
    checkDestination(request);
    String name = request.name().trim();
    if (store.nameTaken(name, null)) {
      throw ProblemException.conflict("A bot named '" + name + "' is already registered.");
    }
    if (store.tokenTaken(request.token(), null)) {
      throw ProblemException.conflict("This token is already registered as another bot.");
    }
    URI baseUrl =
        request.apiBaseUrl() == null
            ? settings.telegramApiBaseUrl()
            : URI.create(request.apiBaseUrl());
    User me = verifyToken(new BotEndpoint(baseUrl, request.token()));
    String secret =
        request.webhookSecret() == null ? WebhookSecrets.generate() : request.webhookSecret();
    Bot bot =
        new Bot(
            name,
            request.token(),
            BotMode.parse(request.mode()),
            secret,
            baseUrl,
            orDefault(request.pollIntervalSeconds(), (int) settings.pollingInterval().toSeconds()),
            orDefault(request.pollTimeoutSeconds(), settings.pollingTimeoutSeconds()),
            clock.instant());
    bot.identify(me.id(), me.username());
    if (request.enabled() != null) {
      bot.enable(request.enabled());
    }
    if (request.paidBroadcastPerSecond() != null) {
      bot.changePaidBroadcast(request.paidBroadcastPerSecond());
    }
    bot.changeFloodLimit(request.floodMaxMessages(), request.floodPeriodSeconds());
    if (request.localBotApi() != null) {
      bot.changeLocalBotApi(request.localBotApi());
    }
    Bot stored = store.insert(bot);
    changed.fire(new BotsChanged(stored.id()));
    return stored;
  }

  public Bot change(BotId id, BotRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with the fields to change is required.");
    }
    Bot current = get(id);
    checkDestination(request);
    checkNotTaken(id, request);
    User identity = verifyChangedToken(current, request);
    removeWebhookBeforePolling(current, request);
    Bot changedBot =
        store
            .update(id, bot -> applyChange(bot, request, identity))
            .orElseThrow(() -> notFound(id));
    changed.fire(new BotsChanged(id));
    return changedBot;
  }

  /** 409 when the new name or token is another bot's. */
  private void checkNotTaken(BotId id, BotRequest request) {
    if (request.name() != null && store.nameTaken(request.name().trim(), id)) {
      throw ProblemException.conflict(
          "A bot named '" + request.name().trim() + "' is already registered.");
    }
    if (request.token() != null && store.tokenTaken(request.token(), id)) {
      throw ProblemException.conflict("This token is already registered as another bot.");
    }
  }

  /**
   * The bot's identity from getMe when the change gives a new token, or the same token at another
   * Bot API server; null when it gives neither.
   */
  private User verifyChangedToken(Bot current, BotRequest request) {
    if (request.token() == null && request.apiBaseUrl() == null) {
      return null;
    }
    // A new token, or the same token at another Bot API server: getMe must answer for it there.
    URI base =
        request.apiBaseUrl() == null ? current.apiBaseUrl() : URI.create(request.apiBaseUrl());
    BotEndpoint endpoint =
        request.token() == null
            ? current.endpoint().withBaseUrl(base)
            : new BotEndpoint(base, request.token());
    return verifyToken(endpoint);
  }

  /** A switch from webhook to polling removes the webhook at Telegram first, or changes nothing. */
  private void removeWebhookBeforePolling(Bot current, BotRequest request) {
    if (request.mode() != null
        && current.mode() == BotMode.WEBHOOK
        && BotMode.parse(request.mode()) == BotMode.POLLING) {
      // getUpdates answers 409 while a webhook is set: remove it before polling starts.
      try {
        botApi.deleteWebhook(current.endpoint());
      } catch (BotApiException e) {
        ProblemException p = BotApiProblems.of("deleteWebhook", e, "");
        throw new ProblemException(
            p.status(),
            p.title(),
            "Could not remove the webhook before switching to polling: "
                + p.getMessage()
                + " Nothing was changed.");
      }
    }
  }

  /** Applies the request's fields that are present to the stored bot. */
  private void applyChange(Bot bot, BotRequest request, User identity) {
    if (request.name() != null) bot.rename(request.name().trim());
    if (request.token() != null) bot.replaceToken(request.token());
    if (identity != null) bot.identify(identity.id(), identity.username());
    if (request.mode() != null) bot.changeMode(BotMode.parse(request.mode()));
    if (request.webhookSecret() != null) bot.changeWebhookSecret(request.webhookSecret());
    if (request.apiBaseUrl() != null) bot.changeApiBaseUrl(URI.create(request.apiBaseUrl()));
    if (request.pollIntervalSeconds() != null || request.pollTimeoutSeconds() != null) {
      bot.changePolling(
          orDefault(request.pollIntervalSeconds(), bot.pollIntervalSeconds()),
          orDefault(request.pollTimeoutSeconds(), bot.pollTimeoutSeconds()));
    }
    if (request.enabled() != null) bot.enable(request.enabled());
    if (request.paidBroadcastPerSecond() != null)
      bot.changePaidBroadcast(request.paidBroadcastPerSecond());
    bot.changeFloodLimit(request.floodMaxMessages(), request.floodPeriodSeconds());
    if (request.localBotApi() != null) bot.changeLocalBotApi(request.localBotApi());
    bot.touch(clock.instant());
  }

  /**
   * Deletes the bot and everything kept for it. A webhook-mode bot's webhook is removed at Telegram
   * first (best effort: a revoked token cannot remove it, and must not block the delete).
   */
  public void delete(BotId id) {
    Bot bot = get(id);
    if (bot.mode() == BotMode.WEBHOOK) {
      try {
        botApi.deleteWebhook(bot.endpoint());
      } catch (BotApiException e) {
        LOG.warning(
            "Bot "
                + id
                + " deleted, but its webhook could not be removed at Telegram: "
                + e.getMessage());
      }
    }
    if (!store.delete(id)) {
      throw notFound(id);
    }
    changed.fire(new BotsChanged(id));
  }

  public Bot get(BotId id) {
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  public List<Bot> list() {
    return store.list();
  }

  /** The URL Telegram should post this bot's updates to. */
  public String webhookUrl(BotId id) {
    return settings.publicBaseUrl() + "/api/telegram/" + id.value() + "/webhook";
  }

  private User verifyToken(BotEndpoint endpoint) {
    try {
      return botApi.getMe(endpoint);
    } catch (BotApiException.TelegramError e) {
      if (e.errorCode() == 401 || e.errorCode() == 404) {
        throw ProblemException.unprocessable(
            "Telegram rejected the token: getMe answered "
                + e.errorCode()
                + " "
                + e.description()
                + ". Check the token from @BotFather; nothing was stored.");
      }
      throw withNothingStored(BotApiProblems.of("getMe", e, ""), endpoint);
    } catch (BotApiException e) {
      throw withNothingStored(BotApiProblems.of("getMe", e, ""), endpoint);
    }
  }

  private static ProblemException withNothingStored(ProblemException p, BotEndpoint endpoint) {
    return new ProblemException(
        p.status(),
        p.title(),
        p.getMessage() + " (" + endpoint.baseUrl() + "); nothing was stored.");
  }

  /**
   * A well-formed apiBaseUrl (the request's constraints checked its form) must also be a
   * destination this server may call (see EgressGuard); 400 naming the field otherwise.
   */
  private void checkDestination(BotRequest r) {
    if (r.apiBaseUrl() == null) {
      return;
    }
    egress
        .refusal(URI.create(r.apiBaseUrl()))
        .ifPresent(
            why -> {
              throw ProblemException.invalid(
                  List.of(new FieldError("apiBaseUrl", "is refused: " + why)));
            });
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static ProblemException notFound(BotId id) {
    return ProblemException.notFound("No bot with id " + id + ".");
  }
}
