package io.tgdesk.admin;

import io.tgdesk.diagnostics.DeliveryHistory;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.TimeRangeParams;
import io.tgdesk.web.TimeRangeParams.TimeRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Queue depth and delivery latency over time, for the dashboard's charts. */
@Path("admin/diagnostics/delivery/timeline")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryTimelineResource {

  @Inject DeliveryHistory history;
  @Inject Clock clock;

  @GET
  public DeliveryHistory.Timeline timeline(
      @QueryParam("botId") String botId,
      @QueryParam("resolution") String resolution,
      @BeanParam TimeRangeParams range) {
    boolean perMinute;
    if (resolution == null || resolution.isBlank() || resolution.equals("second")) {
      perMinute = false;
    } else if (resolution.equals("minute")) {
      perMinute = true;
    } else {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("resolution", "must be second or minute")));
    }
    TimeRange span = range.orLast(perMinute ? Duration.ofDays(1) : Duration.ofHours(1), clock);
    return history.timeline(
        Params.optionalLong("botId", botId),
        span.from(),
        span.to(),
        perMinute ? Duration.ofMinutes(1) : Duration.ofSeconds(1));
  }
}
