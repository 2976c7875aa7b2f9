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
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
      @QueryParam("botId") String botId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant[] range = range(from, to, Duration.ofHours(1));
    return causes.report(Params.optionalLong("botId", botId), range[0], range[1]);
  }

  @GET
  @Path("rates")
  public RateQueries.Rates rates(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("resolution") String resolution,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
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
    Instant[] range = range(from, to, perMinute ? Duration.ofDays(1) : Duration.ofHours(1));
    return rates.rates(bot, Params.optionalLong("chatId", chatId), perMinute, range[0], range[1]);
  }

  @GET
  @Path("rate-limits")
  public RateQueries.RateLimits rateLimits(
      @QueryParam("botId") String botId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant[] range = range(from, to, Duration.ofHours(1));
    return rates.rateLimits(Params.optionalLong("botId", botId), range[0], range[1]);
  }

  @GET
  @Path("delivery")
  public DeliveryFigures.Overview delivery(
      @QueryParam("botId") String botId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant[] range = range(from, to, Duration.ofHours(1));
    return delivery.overview(
        Params.optionalLong("botId", botId), range[0], range[1], clock.instant());
  }

  @GET
  @Path("webhooks")
  public List<WebhookChecks.Status> webhooks(
      @QueryParam("botId") String botId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant[] range = range(from, to, Duration.ofDays(1));
    List<WebhookChecks.Status> out = new ArrayList<>();
    for (var bot : webhookChecks.webhookBots(Params.optionalLong("botId", botId))) {
      List<WebhookCheckView> history =
          webhookChecks.history(bot.id().value(), range[0], range[1], 500).stream()
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
      @QueryParam("botId") String botId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant[] range = range(from, to, Duration.ofDays(1));
    return breakers.changes(Params.optionalLong("botId", botId), range[0], range[1], 1000);
  }

  /**
   * Runs the retention now: deletes the diagnostics history older than {@code before}, or older
   * than the configured retention time when it is not given.
   */
  @POST
  @Path("retention")
  public CallAudit.RetentionRun retention(@QueryParam("before") String before) {
    Instant now = clock.instant();
    Instant cutoff = instant("before", before);
    if (cutoff == null) {
      cutoff = now.minus(audit.retention());
    } else if (cutoff.isAfter(now)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("before", "must not be in the future")));
    }
    return audit.purgeBefore(cutoff);
  }

  /** [from, to) from the parameters; to defaults to now, from to {@code to - length}. */
  private Instant[] range(String from, String to, Duration length) {
    Instant t = instant("to", to);
    Instant f = instant("from", from);
    if (t == null) {
      t = clock.instant().plusMillis(1);
    }
    if (f == null) {
      f = t.minus(length);
    }
    if (!f.isBefore(t)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("to", "must be after from")));
    }
    return new Instant[] {f, t};
  }

  @GET
  @Path("calls")
  public Page<io.tgdesk.diagnostics.CallView> calls(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("category") String category,
      @QueryParam("status") String status,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    int[] paging =
        Page.validate(Params.optionalInt("page", page), Params.optionalInt("size", size));
    return calls.page(filter(botId, chatId, category, status, from, to), paging[0], paging[1]);
  }

  @GET
  @Path("calls/export")
  @Produces("text/csv")
  public Response export(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("category") String category,
      @QueryParam("status") String status,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    CallFilter f = filter(botId, chatId, category, status, from, to);
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
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return calls.byCategory(filter(botId, chatId, null, status, from, to));
  }

  static CallFilter filter(
      String botId, String chatId, String category, String status, String from, String to) {
    Instant f = instant("from", from);
    Instant t = instant("to", to);
    if (f != null && t != null && !f.isBefore(t)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("to", "must be after from")));
    }
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
        f,
        t);
  }

  /** An ISO-8601 instant within {@link Params#optionalInstant}'s range; 400 otherwise. */
  static Instant instant(String name, String value) {
    return Params.optionalInstant(name, value);
  }
}
