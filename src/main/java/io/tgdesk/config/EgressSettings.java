package io.tgdesk.config;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Settings of the requests TgDesk makes to addresses admins give (Bot API servers, host event
 * endpoints), read once at start-up. Immutable.
 *
 * @param allowedHosts host names, addresses or CIDR ranges that may be internal (loopback, private,
 *     link-local) all the same, e.g. a Local Bot API server on this host
 * @param maxAnswerBytes the most bytes of a Bot API answer read
 */
public record EgressSettings(List<String> allowedHosts, int maxAnswerBytes) {

  public EgressSettings {
    allowedHosts = List.copyOf(allowedHosts);
  }

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static EgressSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new EgressSettings(
        Arrays.stream(v.apply(Setting.EGRESS_ALLOWED_HOSTS).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        Settings.between(Setting.TELEGRAM_MAX_ANSWER_BYTES, v, 1024, 268_435_456));
  }
}
