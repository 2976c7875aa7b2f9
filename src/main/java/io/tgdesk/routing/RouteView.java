package io.tgdesk.routing;

/** Where a chat's next new message would go, and why (see {@link ChatRouting.Route#via}). */
public record RouteView(long chatId, long botId, String via) {}
