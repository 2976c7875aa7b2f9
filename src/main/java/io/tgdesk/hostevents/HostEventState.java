package io.tgdesk.hostevents;

/** Where an event stands for one endpoint. */
public enum HostEventState {
  /** Waiting for its turn (behind older events of its ticket) or for its next attempt. */
  PENDING,
  /** The endpoint answered 2xx. */
  DELIVERED,
  /** Every attempt failed; an admin may replay it. Later events of the ticket went on. */
  DEAD
}
