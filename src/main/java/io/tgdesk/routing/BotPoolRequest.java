package io.tgdesk.routing;

import java.util.List;

/**
 * A pool as the admin API receives it. On a change, fields left out keep their value.
 *
 * @param name 1-100 characters, unique among pools
 * @param botIds the member bots: at least one, each registered, none twice
 */
public record BotPoolRequest(String name, List<Long> botIds) {}
