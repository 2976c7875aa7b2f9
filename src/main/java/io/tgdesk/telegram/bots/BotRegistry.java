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
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Registers, changes and removes bots. A token is accepted only after Telegram's getMe answered for
 * it; nothing is stored otherwise. Fires {@link BotsChanged} after every committed change.
 */
@ApplicationScoped
public class BotRegistry {

  private static final Logger LOG = Logger.getLogger(BotRegistry.class.getName());
  private static final Pattern TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{1,200}");

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
    List<FieldError> errors = new ArrayList<>();
    require(request.name(), "name", errors);
    require(request.token(), "token", errors);
    require(request.mode(), "mode", errors);
    validate(request, errors);
    checkDestination(request, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
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
    Bot stored = store.insert(bot);
    changed.fire(new BotsChanged(stored.id()));
    return stored;
  }

  public Bot change(BotId id, BotRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with the fields to change is required.");
    }
    Bot current = get(id);
    List<FieldError> errors = new ArrayList<>();
    if (request.name() != null && request.name().isBlank()) {
      errors.add(new FieldError("name", "must not be blank"));
    }
    validate(request, errors);
    checkDestination(request, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    if (request.name() != null && store.nameTaken(request.name().trim(), id)) {
      throw ProblemException.conflict(
          "A bot named '" + request.name().trim() + "' is already registered.");
    }
    User me = null;
    if (request.token() != null && store.tokenTaken(request.token(), id)) {
      throw ProblemException.conflict("This token is already registered as another bot.");
    }
    if (request.token() != null || request.apiBaseUrl() != null) {
      // A new token, or the same token at another Bot API server: getMe must answer for it there.
      URI base =
          request.apiBaseUrl() == null ? current.apiBaseUrl() : URI.create(request.apiBaseUrl());
      BotEndpoint endpoint =
          request.token() == null
              ? current.endpoint().withBaseUrl(base)
              : new BotEndpoint(base, request.token());
      me = verifyToken(endpoint);
    }
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
    User identity = me;
    Bot changedBot =
        store
            .update(
                id,
                bot -> {
                  if (request.name() != null) bot.rename(request.name().trim());
                  if (request.token() != null) bot.replaceToken(request.token());
                  if (identity != null) bot.identify(identity.id(), identity.username());
                  if (request.mode() != null) bot.changeMode(BotMode.parse(request.mode()));
                  if (request.webhookSecret() != null)
                    bot.changeWebhookSecret(request.webhookSecret());
                  if (request.apiBaseUrl() != null)
                    bot.changeApiBaseUrl(URI.create(request.apiBaseUrl()));
                  if (request.pollIntervalSeconds() != null
                      || request.pollTimeoutSeconds() != null) {
                    bot.changePolling(
                        orDefault(request.pollIntervalSeconds(), bot.pollIntervalSeconds()),
                        orDefault(request.pollTimeoutSeconds(), bot.pollTimeoutSeconds()));
                  }
                  if (request.enabled() != null) bot.enable(request.enabled());
                  if (request.paidBroadcastPerSecond() != null)
                    bot.changePaidBroadcast(request.paidBroadcastPerSecond());
                  bot.touch(clock.instant());
                })
            .orElseThrow(() -> notFound(id));
    changed.fire(new BotsChanged(id));
    return changedBot;
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

  /** A well-formed apiBaseUrl must also be a destination this server may call (see EgressGuard). */
  private void checkDestination(BotRequest r, List<FieldError> errors) {
    if (r.apiBaseUrl() == null || errors.stream().anyMatch(e -> e.field().equals("apiBaseUrl"))) {
      return;
    }
    egress
        .refusal(URI.create(r.apiBaseUrl()))
        .ifPresent(why -> errors.add(new FieldError("apiBaseUrl", "is refused: " + why)));
  }

  private static void validate(BotRequest r, List<FieldError> errors) {
    if (r.name() != null && r.name().trim().length() > 100) {
      errors.add(new FieldError("name", "must be at most 100 characters"));
    }
    if (r.token() != null && !TOKEN.matcher(r.token()).matches()) {
      errors.add(
          new FieldError(
              "token",
              "must look like 123456789:AAE... (digits, a colon, letters, digits, _ or -)"));
    }
    if (r.mode() != null) {
      try {
        BotMode.parse(r.mode());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("mode", e.getMessage()));
      }
    }
    if (r.webhookSecret() != null && !WebhookSecrets.isWellFormed(r.webhookSecret())) {
      errors.add(
          new FieldError(
              "webhookSecret",
              "must be "
                  + io.tgdesk.web.SecretRules.MIN_LENGTH
                  + "-256 characters of A-Z a-z 0-9 _ -"));
    }
    if (r.apiBaseUrl() != null) {
      try {
        URI uri = URI.create(r.apiBaseUrl());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          errors.add(new FieldError("apiBaseUrl", "must be an http or https URL"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("apiBaseUrl", "must be an http or https URL"));
      }
    }
    if (r.pollIntervalSeconds() != null
        && (r.pollIntervalSeconds() < 0 || r.pollIntervalSeconds() > 3600)) {
      errors.add(new FieldError("pollIntervalSeconds", "must be between 0 and 3600"));
    }
    if (r.pollTimeoutSeconds() != null
        && (r.pollTimeoutSeconds() < 0 || r.pollTimeoutSeconds() > 50)) {
      errors.add(new FieldError("pollTimeoutSeconds", "must be between 0 and 50"));
    }
  }

  private static void require(String value, String field, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "is required"));
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static ProblemException notFound(BotId id) {
    return ProblemException.notFound("No bot with id " + id + ".");
  }
}
