package io.tgdesk.admin;

import io.tgdesk.tickets.replies.Ratings;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Customers' satisfaction ratings, reported per queue or per agent over a period. */
@Path("admin/ratings")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class RatingsResource {

  @Inject Ratings ratings;
  @Inject Clock clock;

  /**
   * Count, average and distribution (1-5) of the ratings given from {@code from} to {@code to}
   * (ISO-8601 instants; the last 30 days by default), grouped by {@code queue} (the default) or
   * {@code agent} (the ticket's assignee).
   */
  @GET
  public Ratings.Report report(
      @QueryParam("groupBy") String groupBy, @BeanParam TimeRangeParams range) {
    Ratings.GroupBy by = Ratings.GroupBy.parse(groupBy);
    TimeRange span = range.orLast(Duration.ofDays(30), clock);
    return ratings.report(span.from(), span.to(), by);
  }
}
