package io.tgdesk.customers;

import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.OneLine;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /api/admin/customers/{id}/block}: why the customer is blocked (1-500
 * characters on one line), shown to agents on the customer and in the outcome of each update of
 * theirs that is ignored.
 */
public record BlockRequest(
    @NotNull(message = "is required")
        @NotBlankText(message = "is required")
        @OneLine(max = 500, message = "must be one line of at most 500 characters")
        String reason) {}
