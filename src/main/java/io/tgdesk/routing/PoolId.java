package io.tgdesk.routing;

/** The id of a bot pool. */
public record PoolId(long value) {

  public static PoolId of(long value) {
    return new PoolId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
