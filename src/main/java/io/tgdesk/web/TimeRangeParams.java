package io.tgdesk.web;

import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code from} and {@code to} query parameters of an operation that looks at a span of time,
 * taken as a {@code @BeanParam}: ISO-8601 instants, parsed here so that a bad value answers 400
 * naming the field ({@link Params#optionalInstant}), never JAX-RS's 404. The one place that says
 * "to must be after from". One instance per request; not thread-safe.
 */
public class TimeRangeParams {

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  /** A span [from, to); either end may be null when the client left it open. */
  public record TimeRange(Instant from, Instant to) {}

  /** The parameters as a client sent them (null when left out). */
  public static TimeRangeParams of(String from, String to) {
    TimeRangeParams p = new TimeRangeParams();
    p.from = from;
    p.to = to;
    return p;
  }

  /**
   * The span [from, to) with both ends filled in: {@code to} defaults to the clock's now (plus 1
   * ms, so that now is inside), {@code from} to {@code length} before {@code to}.
   *
   * @throws ProblemException 400 naming the field when a value is not an instant in range, or when
   *     from is not before to
   */
  public TimeRange orLast(Duration length, Clock clock) {
    Instant t = Params.optionalInstant("to", to);
    Instant f = Params.optionalInstant("from", from);
    if (t == null) {
      t = clock.instant().plusMillis(1);
    }
    if (f == null) {
      f = t.minus(length);
    }
    checkOrder(f, t);
    return new TimeRange(f, t);
  }

  /**
   * The span as given, either end null when left out.
   *
   * @throws ProblemException 400 naming the field when a value is not an instant in range, or when
   *     both are given and from is not before to
   */
  public TimeRange asGiven() {
    Instant f = Params.optionalInstant("from", from);
    Instant t = Params.optionalInstant("to", to);
    if (f != null && t != null) {
      checkOrder(f, t);
    }
    return new TimeRange(f, t);
  }

  private static void checkOrder(Instant f, Instant t) {
    if (!f.isBefore(t)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("to", "must be after from")));
    }
  }
}
