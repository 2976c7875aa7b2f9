package io.tgdesk.hostevents;

/** New host events were written; observed after the commit to wake the dispatcher. */
record HostEventsQueued() {}
