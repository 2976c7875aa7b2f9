package io.tgdesk.telegram.botapi;

import java.net.URI;
import java.util.Objects;

/**
 * Where and as whom to call the Bot API: a base URL ({@code https://api.telegram.org} or a Local
 * Bot API server) and a bot token. {@link #toString()} never shows the token.
 */
public final class BotEndpoint {

  private final URI baseUrl;
  private final String token;
  private final Long botId;

  public BotEndpoint(URI baseUrl, String token) {
    this(baseUrl, token, null);
  }

  private BotEndpoint(URI baseUrl, String token, Long botId) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.token = Objects.requireNonNull(token, "token");
    this.botId = botId;
  }

  /** The same endpoint labelled with our bot id, so that the call audit can name the bot. */
  public BotEndpoint forBot(long id) {
    return new BotEndpoint(baseUrl, token, id);
  }

  /** Our bot id, or null for a token not registered (yet). */
  public Long botId() {
    return botId;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** The same bot at another base URL (e.g. a Local Bot API server). */
  public BotEndpoint withBaseUrl(URI otherBaseUrl) {
    return new BotEndpoint(otherBaseUrl, token, botId);
  }

  /** The token, for the client only: do not log or return it. */
  String token() {
    return token;
  }

  URI methodUri(String method) {
    String base = baseUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/bot" + token + "/" + method);
  }

  /**
   * Where a file that getFile named is downloaded; {@code filePath} is used as Telegram gave it.
   */
  URI fileUri(String filePath) {
    String base = baseUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String path = filePath.startsWith("/") ? filePath.substring(1) : filePath;
    return URI.create(base + "/file/bot" + token + "/" + path.replace(" ", "%20"));
  }

  /**
   * Removes every form of the token from text that may carry it (exception messages of the HTTP
   * stack, descriptions a Bot API server echoes): see {@link TokenMask#redact}.
   */
  public String redact(String text) {
    return TokenMask.redact(text, token);
  }

  @Override
  public String toString() {
    return "BotEndpoint[" + baseUrl + ", token=" + TokenMask.mask(token) + "]";
  }
}
