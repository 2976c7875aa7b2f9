package io.tgdesk.diagnostics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when a login can succeed. Every HTTP Basic login on Open Liberty creates an LTPA
 * token, even with the single-sign-on cookie turned off, and since Open Liberty 26.0.0.4 there is
 * no built-in password for the LTPA keys: without one, the server starts and answers, but every
 * login is refused (401, CWWKS4000E in the log). TgDesk does not set {@code <ltpa keysPassword>},
 * so Liberty takes the password from the environment ({@code server.env} or the process), by these
 * exact names: {@code ltpa_keys_password}, else {@code keystore_password}.
 */
@Readiness
@ApplicationScoped
public class LoginReadiness implements HealthCheck {

  static final String LTPA_KEYS_PASSWORD = "ltpa_keys_password";
  static final String KEYSTORE_PASSWORD = "keystore_password";

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("login");
    return missingPassword(System::getenv)
        .map(reason -> response.withData("reason", reason).down().build())
        .orElseGet(() -> response.up().build());
  }

  /**
   * Why no login can succeed with this environment, or empty when the LTPA keys have a password.
   */
  static Optional<String> missingPassword(Function<String, String> env) {
    if (isSet(env.apply(LTPA_KEYS_PASSWORD)) || isSet(env.apply(KEYSTORE_PASSWORD))) {
      return Optional.empty();
    }
    return Optional.of(
        "No password for the LTPA keys, so every login is refused: set the environment variable "
            + LTPA_KEYS_PASSWORD
            + " (or "
            + KEYSTORE_PASSWORD
            + ") from a secret, or in server.env");
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
