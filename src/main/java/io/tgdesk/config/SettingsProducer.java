package io.tgdesk.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** Produces {@link Settings} from MicroProfile Config, and the system UTC {@link Clock}. */
@ApplicationScoped
public class SettingsProducer {

  @Inject Config config;

  private volatile Settings settings;
  private volatile DiagnosticsSettings diagnostics;
  private volatile BreakerSettings breaker;
  private volatile DeliverySettings delivery;
  private volatile EgressSettings egress;
  private volatile WebSettings web;

  @Produces
  public Settings settings() {
    Settings s = settings;
    if (s == null) {
      s = Settings.from(this::raw);
      settings = s;
    }
    return s;
  }

  @Produces
  public DiagnosticsSettings diagnosticsSettings() {
    DiagnosticsSettings s = diagnostics;
    if (s == null) {
      s = DiagnosticsSettings.from(this::raw);
      diagnostics = s;
    }
    return s;
  }

  @Produces
  public BreakerSettings breakerSettings() {
    BreakerSettings s = breaker;
    if (s == null) {
      s = BreakerSettings.from(this::raw);
      breaker = s;
    }
    return s;
  }

  @Produces
  public DeliverySettings deliverySettings() {
    DeliverySettings s = delivery;
    if (s == null) {
      s = DeliverySettings.from(this::raw);
      delivery = s;
    }
    return s;
  }

  @Produces
  public EgressSettings egressSettings() {
    EgressSettings s = egress;
    if (s == null) {
      s = EgressSettings.from(this::raw);
      egress = s;
    }
    return s;
  }

  @Produces
  public WebSettings webSettings() {
    WebSettings s = web;
    if (s == null) {
      s = WebSettings.from(this::raw);
      web = s;
    }
    return s;
  }

  /** Effective settings by key with secrets masked. */
  public Map<String, String> describe() {
    return Settings.describe(this::raw);
  }

  @Produces
  public Clock clock() {
    return Clock.systemUTC();
  }

  private String raw(String key) {
    return config.getOptionalValue(key, String.class).orElse(null);
  }
}
