package io.tgdesk.shopify.intake;

import io.tgdesk.intake.IntakeState;

/** What applying a delivery came to: the state it ends in and a description for admins. */
public record Outcome(IntakeState state, String description) {

  public static Outcome processed(String description) {
    return new Outcome(IntakeState.PROCESSED, description);
  }

  public static Outcome ignored(String description) {
    return new Outcome(IntakeState.IGNORED, description);
  }
}
