package io.tgdesk.web;

import jakarta.validation.groups.Default;

/**
 * The validation group of a request that changes something, where a field left out keeps its value:
 * the default constraints, and those only a change has. A resource asks for it with
 * {@code @Valid @ConvertGroup(to = Change.class)}.
 */
public interface Change extends Default {}
