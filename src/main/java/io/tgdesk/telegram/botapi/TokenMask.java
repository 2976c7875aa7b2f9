package io.tgdesk.telegram.botapi;

/** Shows a bot token the way admins may see it: the bot's numeric id and the last 4 characters. */
public final class TokenMask {

  private TokenMask() {}

  public static String mask(String token) {
    if (token == null || token.isEmpty()) {
      return "";
    }
    int colon = token.indexOf(':');
    String idPart = colon > 0 ? token.substring(0, colon) : "";
    String tail = token.length() > 8 ? token.substring(token.length() - 4) : "";
    return idPart + ":****" + tail;
  }
}
