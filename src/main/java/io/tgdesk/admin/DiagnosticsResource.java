package io.tgdesk.admin;

import io.tgdesk.diagnostics.BreakerEventView;
import io.tgdesk.diagnostics.BreakerHistory;
import io.tgdesk.diagnostics.CallAudit;
import io.tgdesk.diagnostics.CallFilter;
import io.tgdesk.diagnostics.CallQueries;
import io.tgdesk.diagnostics.CauseReport;
import io.tgdesk.diagnostics.DeliveryFigures;
import io.tgdesk.diagnostics.RateQueries;
import io.tgdesk.diagnostics.WebhookCheckView;
import io.tgdesk.diagnostics.WebhookChecks;
import io.tgdesk.diagnostics.WebhookHealth;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.TimeRangeParams;
import io.tgdesk.web.TimeRangeParams.TimeRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Diagnostics for admins: the call audit, rates and 429s, webhook health, the cause report. */
@Path("admin/diagnostics")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

  @Inject CallQueries calls;
  @Inject RateQueries rates;
  @Inject CauseReport causes;
  @Inject DeliveryFigures delivery;
  @Inject WebhookHealth webhookHealth;
  @Inject WebhookChecks webhookChecks;
  @Inject BreakerHistory breakers;
  @Inject CallAudit audit;
  @Inject Clock clock;

  @GET
  @Path("report")
  public CauseReport.Report report(
      @QueryParam("botId") String botId, @BeanParam TimeRangeParams range) {
    TimeRange span = range.orLast(Duration.ofHours(1), clock);
    return causes.report(Params.optionalLong("botId", botId), span.from(), span.to());
  }

  @GET
  @Path("rates")
  public RateQueries.Rates rates(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("resolution") String resolution,
      @BeanParam TimeRangeParams range) {
    Long bot = Params.optionalLong("botId", botId);
    if (bot == null) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("botId", "is required")));
    }
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
    return rates.rates(
        bot, Params.optionalLong("chatId", chatId), perMinute, span.from(), span.to());
  }

  @GET
  @Path("rate-limits")
  public RateQueries.RateLimits rateLimits(
      @QueryParam("botId") String botId, @BeanParam TimeRangeParams range) {
    TimeRange span = range.orLast(Duration.ofHours(1), clock);
    return rates.rateLimits(Params.optionalLong("botId", botId), span.from(), span.to());
  }

  @GET
  @Path("delivery")
  public DeliveryFigures.Overview delivery(
      @QueryParam("botId") String botId, @BeanParam TimeRangeParams range) {
    TimeRange span = range.orLast(Duration.ofHours(1), clock);
    return delivery.overview(
        Params.optionalLong("botId", botId), span.from(), span.to(), clock.instant());
  }

  @GET
  @Path("webhooks")
  public List<WebhookChecks.Status> webhooks(
      @QueryParam("botId") String botId, @BeanParam TimeRangeParams range) {
    TimeRange span = range.orLast(Duration.ofDays(1), clock);
    List<WebhookChecks.Status> out = new ArrayList<>();
    for (var bot : webhookChecks.webhookBots(Params.optionalLong("botId", botId))) {
      List<WebhookCheckView> history =
          webhookChecks.history(bot.id().value(), span.from(), span.to(), 500).stream()
              .map(WebhookCheckView::of)
              .toList();
      out.add(WebhookChecks.Status.of(bot.id().value(), history));
    }
    return out;
  }

  @POST
  @Path("webhooks/check")
  public List<WebhookCheckView> checkWebhooks(@QueryParam("botId") String botId) {
    return webhookHealth.checkAll(Params.optionalLong("botId", botId));
  }

  @GET
  @Path("breaker-events")
  public List<BreakerEventView> breakerEvents(
      @QueryParam("botId") String botId, @BeanParam TimeRangeParams range) {
    TimeRange span = range.orLast(Duration.ofDays(1), clock);
    return breakers.changes(Params.optionalLong("botId", botId), span.from(), span.to(), 1000);
  }

  /**
   * Runs the retention now: deletes the diagnostics history older than {@code before}, or older
   * than the configured retention time when it is not given.
   */
  @POST
  @Path("retention")
  public CallAudit.RetentionRun retention(@QueryParam("before") String before) {
    Instant now = clock.instant();
    Instant cutoff = Params.optionalInstant("before", before);
    if (cutoff == null) {
      cutoff = now.minus(audit.retention());
    } else if (cutoff.isAfter(now)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("before", "must not be in the future")));
    }
    return audit.purgeBefore(cutoff);
  }

  @GET
  @Path("calls")
  public Page<io.tgdesk.diagnostics.CallView> calls(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("category") String category,
      @QueryParam("status") String status,
      @BeanParam TimeRangeParams range,
      @BeanParam PageParams paging) {
    return calls.page(filter(botId, chatId, category, status, range), paging.page(), paging.size());
  }

  @GET
  @Path("calls/export")
  @Produces("text/csv")
  public Response export(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("category") String category,
      @QueryParam("status") String status,
      @BeanParam TimeRangeParams range) {
    CallFilter f = filter(botId, chatId, category, status, range);
    StreamingOutput body = out -> calls.exportCsv(f, out);
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"tgdesk-calls.csv\"")
        .build();
  }

  @GET
  @Path("calls/by-category")
  public List<CallQueries.CategoryShare> byCategory(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("status") String status,
      @BeanParam TimeRangeParams range) {
    return calls.byCategory(filter(botId, chatId, null, status, range));
  }

  static CallFilter filter(
      String botId, String chatId, String category, String status, TimeRangeParams range) {
    TimeRange span = range.asGiven();
    Integer s = Params.optionalInt("status", status);
    if (s != null && (s < 0 || s > 599)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("status", "must be an HTTP status, or 0 for no answer")));
    }
    return new CallFilter(
        Params.optionalLong("botId", botId),
        Params.optionalLong("chatId", chatId),
        category == null || category.isBlank() ? null : category.trim(),
        s,
        span.from(),
        span.to());
  }
}
