package io.tgdesk.shopify.intake;

/** What applying a delivery came to: the state it ends in and a description for admins. */
public record Outcome(EventState state, String description) {

  public static Outcome processed(String description) {
    return new Outcome(EventState.PROCESSED, description);
  }

  public static Outcome ignored(String description) {
    return new Outcome(EventState.IGNORED, description);
  }
}
