package io.tgdesk.telegram.bots;

import io.tgdesk.web.Change;
import io.tgdesk.web.Creation;
import io.tgdesk.web.HttpUrl;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.SecretRules;
import io.tgdesk.web.TrimmedSize;
import io.tgdesk.web.WebhookSecrets;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /api/admin/bots} and {@code PATCH /api/admin/bots/{id}}. In a PATCH,
 * every field left out (null) keeps its value. {@code paidBroadcastPerSecond} (0-1000, default 0 =
 * off) lets the bulk lane use allow_paid_broadcast up to that rate. {@code floodMaxMessages}
 * (1-10000) and {@code floodPeriodSeconds} (1-3600) set the bot's own flood limit: more messages of
 * one customer within the period is a flood (left out: the {@code tgdesk.intake.flood-*} defaults).
 * {@code localBotApi} (default false) says that apiBaseUrl is a Local Bot API server: agents' files
 * may then be up to 2,000 MB instead of 50 MB.
 */
public record BotRequest(
    @NotNull(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Change.class, message = "must not be blank")
        @TrimmedSize(max = 100)
        String name,
    @NotNull(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Creation.class, message = "is required")
        @Pattern(
            regexp = "[0-9]{1,20}:[A-Za-z0-9_-]{1,200}",
            message = "must look like 123456789:AAE... (digits, a colon, letters, digits, _ or -)")
        String token,
    @NotNull(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Creation.class, message = "is required")
        @Pattern(
            regexp = "[\\x00-\\x20]*(?iu:webhook|polling)[\\x00-\\x20]*",
            message = "mode must be \"webhook\" or \"polling\"")
        String mode,
    @Pattern(
            regexp = WebhookSecrets.FORM,
            message = "must be " + SecretRules.MIN_LENGTH + "-256 characters of A-Z a-z 0-9 _ -")
        String webhookSecret,
    @HttpUrl String apiBaseUrl,
    @Min(value = 0, message = "must be between 0 and 3600")
        @Max(value = 3600, message = "must be between 0 and 3600")
        Integer pollIntervalSeconds,
    @Min(value = 0, message = "must be between 0 and 50")
        @Max(value = 50, message = "must be between 0 and 50")
        Integer pollTimeoutSeconds,
    Boolean enabled,
    Integer paidBroadcastPerSecond,
    @Min(value = 1, message = "must be between 1 and 10000")
        @Max(value = 10000, message = "must be between 1 and 10000")
        Integer floodMaxMessages,
    @Min(value = 1, message = "must be between 1 and 3600")
        @Max(value = 3600, message = "must be between 1 and 3600")
        Integer floodPeriodSeconds,
    Boolean localBotApi) {}
