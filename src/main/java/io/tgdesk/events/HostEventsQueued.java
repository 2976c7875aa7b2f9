package io.tgdesk.events;

/** New host events were written; observed after the commit to wake the dispatcher. */
record HostEventsQueued() {}
