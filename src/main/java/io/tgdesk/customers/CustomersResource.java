package io.tgdesk.customers;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.CustomerId;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * What admins do with customers: export everything held about one, erase it, run the retention of
 * closed tickets' content on demand, and block and unblock them. See docs/privacy.md.
 */
@Path("admin/customers")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {

  @Inject CustomerBlocking blocking;
  @Inject CustomerExports exports;
  @Inject CustomerErasure erasure;
  @Inject ContentRetention retention;
  @Inject Clock clock;
  @Context SecurityContext security;

  /** Blocks the customer (idempotent: a blocked customer keeps their first block). */
  @POST
  @Path("{id}/block")
  @Consumes(MediaType.APPLICATION_JSON)
  public CustomerBlockView block(@PathParam("id") long id, @Valid BlockRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with the reason is required.");
    }
    return blocking.block(
        CustomerId.of(id), request.reason(), security.getUserPrincipal().getName());
  }

  /** Lifts the customer's block (idempotent). */
  @POST
  @Path("{id}/unblock")
  public CustomerBlockView unblock(@PathParam("id") long id) {
    return blocking.unblock(CustomerId.of(id));
  }

  /** The exports of a Telegram user, one per bot that knows them. */
  public record CustomerExportList(List<CustomerExport> customers) {}

  @GET
  @Path("{id}/export")
  @Operation(summary = "Export everything TgDesk holds about one customer")
  public CustomerExport export(@PathParam("id") long id) {
    return exports.of(id);
  }

  /**
   * By Telegram user id ({@code telegramUserId}, required) and optionally one bot ({@code botId}).
   */
  @GET
  @Path("export")
  @Operation(summary = "Export everything TgDesk holds about a Telegram user, per bot")
  public CustomerExportList exportByTelegramUser(
      @QueryParam("telegramUserId") String telegramUserId, @QueryParam("botId") String botId) {
    Long user = Params.optionalLong("telegramUserId", telegramUserId);
    if (user == null) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("telegramUserId", "is required")));
    }
    return new CustomerExportList(
        exports.ofTelegramUser(user, Params.optionalLong("botId", botId)));
  }

  @POST
  @Path("{id}/erase")
  @Operation(summary = "Erase everything TgDesk holds about one customer (idempotent)")
  public ErasureView erase(@PathParam("id") long id) {
    return erasure.erase(id, security.getUserPrincipal().getName());
  }

  /**
   * Runs the retention now over tickets closed more than {@code olderThanDays} days ago (0: every
   * closed ticket; default: the configured retention), of every bot or of {@code botId}; {@code
   * dryRun=true} only counts.
   */
  @POST
  @Path("retention")
  @Operation(summary = "Run the retention of closed tickets' content now, or count it (dryRun)")
  public ContentRetention.RetentionRun retention(
      @QueryParam("dryRun") String dryRun,
      @QueryParam("olderThanDays") String olderThanDays,
      @QueryParam("botId") String botId) {
    boolean dry = Params.optionalFlag("dryRun", dryRun);
    Integer days = Params.optionalInt("olderThanDays", olderThanDays);
    Duration age;
    if (days != null) {
      if (days < 0 || days > 36_500) {
        throw ProblemException.invalid(
            List.of(new Problem.FieldError("olderThanDays", "must be between 0 and 36500")));
      }
      age = Duration.ofDays(days);
    } else if (!retention.retention().isZero()) {
      age = retention.retention();
    } else {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError(
                  "olderThanDays",
                  "is required while tgdesk.customers.retention-days is 0 (retention off)")));
    }
    Long bot = Params.optionalLong("botId", botId);
    Instant cutoff = clock.instant().minus(age);
    return retention.run(cutoff, bot == null ? null : BotId.of(bot), dry);
  }
}
