package io.tgdesk.telegram.inbound;

/** A body that is not a Telegram update (not JSON, not an object, no numeric update_id). */
public class MalformedUpdateException extends RuntimeException {
  public MalformedUpdateException(String message) {
    super(message);
  }
}
