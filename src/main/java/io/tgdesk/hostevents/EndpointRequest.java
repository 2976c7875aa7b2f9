package io.tgdesk.hostevents;

import java.util.List;

/**
 * Registering or changing an event endpoint; on a change, absent fields stay as they are.
 *
 * @param url the HTTPS address that receives the POSTs (http only for a loopback host)
 * @param eventTypes the types to receive; absent or empty means all
 * @param maxAttempts attempts before an event is dead, 1 to 50 (default 10)
 * @param enabled whether events are queued and sent for it (default true)
 */
public record EndpointRequest(
    String url, List<String> eventTypes, Integer maxAttempts, Boolean enabled) {}
