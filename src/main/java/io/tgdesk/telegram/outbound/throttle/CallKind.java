package io.tgdesk.telegram.outbound.throttle;

/** How a call counts against the limits. */
public enum CallKind {
  /**
   * Puts a message into the chat (send, copy, media, topic creation): bot budget and chat windows.
   */
  MESSAGE,
  /** Edits a message: bot budget, and in groups the edit window. */
  EDIT,
  /** Anything else (chat actions, deletes, topic edits): the bot budget only. */
  OTHER
}
