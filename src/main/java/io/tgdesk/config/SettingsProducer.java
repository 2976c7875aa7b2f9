package io.tgdesk.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Produces the typed settings records from MicroProfile Config, each built once on first use, and
 * the system UTC {@link Clock}. (Records cannot be proxied, so the producers are dependent-scoped
 * and keep the built record here.)
 */
@ApplicationScoped
public class SettingsProducer {

  @Inject Config config;

  private final Map<Class<?>, Object> built = new ConcurrentHashMap<>();

  @Produces
  public Settings settings() {
    return once(Settings.class, Settings::from);
  }

  @Produces
  public DiagnosticsSettings diagnosticsSettings() {
    return once(DiagnosticsSettings.class, DiagnosticsSettings::from);
  }

  @Produces
  public BreakerSettings breakerSettings() {
    return once(BreakerSettings.class, BreakerSettings::from);
  }

  @Produces
  public DeliverySettings deliverySettings() {
    return once(DeliverySettings.class, DeliverySettings::from);
  }

  @Produces
  public EgressSettings egressSettings() {
    return once(EgressSettings.class, EgressSettings::from);
  }

  @Produces
  public FloodSettings floodSettings() {
    return once(FloodSettings.class, FloodSettings::from);
  }

  @Produces
  public MediaSettings mediaSettings() {
    return once(MediaSettings.class, MediaSettings::from);
  }

  @Produces
  public PrivacySettings privacySettings() {
    return once(PrivacySettings.class, PrivacySettings::from);
  }

  @Produces
  public RatingSettings ratingSettings() {
    return once(RatingSettings.class, RatingSettings::from);
  }

  @Produces
  public WebSettings webSettings() {
    return once(WebSettings.class, WebSettings::from);
  }

  @Produces
  public FileSettings fileSettings() {
    return once(FileSettings.class, FileSettings::from);
  }

  /** Effective settings by key with secrets masked. */
  public Map<String, String> describe() {
    return Settings.describe(this::raw);
  }

  @Produces
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** The record of this type, built from the raw values on first use. */
  private <T> T once(Class<T> type, Function<Function<String, String>, T> from) {
    return type.cast(built.computeIfAbsent(type, t -> from.apply(this::raw)));
  }

  private String raw(String key) {
    return config.getOptionalValue(key, String.class).orElse(null);
  }
}
