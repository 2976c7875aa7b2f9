package io.tgdesk.web;

import jakarta.validation.groups.Default;

/**
 * The validation group of a request that creates something: the default constraints, and those that
 * only a create has (a required field that a change may leave out). A resource asks for it with
 * {@code @Valid @ConvertGroup(to = Creation.class)}.
 */
public interface Creation extends Default {}
