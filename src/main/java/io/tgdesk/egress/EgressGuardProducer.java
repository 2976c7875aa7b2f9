package io.tgdesk.egress;

import io.tgdesk.config.EgressSettings;
import io.tgdesk.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Produces the one {@link EgressGuard}, from the production switch and the allow-list. */
@ApplicationScoped
public class EgressGuardProducer {

  @Inject Settings settings;
  @Inject EgressSettings egress;

  private volatile EgressGuard guard;

  @Produces
  public EgressGuard egressGuard() {
    EgressGuard g = guard;
    if (g == null) {
      g = new EgressGuard(settings.production(), egress.allowedHosts());
      guard = g;
    }
    return g;
  }
}
