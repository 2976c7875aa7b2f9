package io.tgdesk.config;

import java.util.Set;
import java.util.function.Function;

/**
 * Settings of the HTTP edge, read once at start-up. Immutable.
 *
 * @param production whether this is a production deployment (see {@link Setting#PRODUCTION})
 * @param trustForwardedProto whether {@code X-Forwarded-Proto: https} from a TLS-terminating proxy
 *     counts as HTTPS
 * @param maxBodyBytes the largest request body the API reads, in bytes
 * @param bulkMaxBodyBytes the largest body of the bulk messages operation, in bytes
 * @param developmentPasswords the passwords the development registry ships with (of every role),
 *     refused in production whatever the configured ones are
 */
public record WebSettings(
    boolean production,
    boolean trustForwardedProto,
    int maxBodyBytes,
    int bulkMaxBodyBytes,
    Set<String> developmentPasswords) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static WebSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new WebSettings(
        Boolean.parseBoolean(v.apply(Setting.PRODUCTION)),
        Boolean.parseBoolean(v.apply(Setting.WEB_TRUST_FORWARDED_PROTO)),
        Settings.between(Setting.API_MAX_BODY_BYTES, v, 1024, Integer.MAX_VALUE - 1),
        Settings.between(Setting.API_BULK_MAX_BODY_BYTES, v, 1024, Integer.MAX_VALUE - 1),
        Set.of(Setting.ADMIN_PASSWORD.defaultValue(), Setting.AGENT_PASSWORD.defaultValue()));
  }
}
