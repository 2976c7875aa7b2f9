package io.tgdesk.admin;

import io.tgdesk.diagnostics.CallFilter;
import io.tgdesk.diagnostics.CallQueries;
import io.tgdesk.web.Page;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Diagnostics for admins: the call audit, rates and 429s, webhook health, the cause report. */
@Path("admin/diagnostics")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

  @Inject CallQueries calls;

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

  /** An ISO-8601 instant (e.g. 2026-01-31T12:00:00Z); 400 naming the field otherwise. */
  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError(
                  name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z")));
    }
  }
}
