package io.tgdesk.cluster;

import io.tgdesk.telegram.bots.BotId;
import java.util.Set;

/**
 * This server gained or is about to give up bots. Observers of {@code lost} must stop acting for
 * those bots before they return: the lease is released right after.
 */
public record OwnershipChanged(Set<BotId> gained, Set<BotId> lost) {}
