package io.tgdesk.routing;

import io.tgdesk.web.Change;
import io.tgdesk.web.Creation;
import io.tgdesk.web.DistinctItems;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.TrimmedSize;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A pool as the admin API receives it. On a change, fields left out keep their value.
 *
 * @param name 1-100 characters, unique among pools
 * @param botIds the member bots: at least one, each registered, none twice
 */
public record BotPoolRequest(
    @NotNull(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Change.class, message = "must not be blank")
        @TrimmedSize(max = 100)
        String name,
    @NotNull(groups = Creation.class, message = "is required")
        @Size(min = 1, message = "must name at least one bot")
        @DistinctItems(message = "must not name a bot twice")
        List<@NotNull(message = "must not contain null") Long> botIds) {}
