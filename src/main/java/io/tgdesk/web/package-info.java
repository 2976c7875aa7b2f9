/**
 * The HTTP edge shared by all features: the JAX-RS application, problem+json (RFC 9457) error
 * mapping, the shared parsing of query parameters ({@link io.tgdesk.web.Params}, and the
 * {@code @BeanParam}s {@link io.tgdesk.web.PageParams} and {@link io.tgdesk.web.TimeRangeParams}),
 * the servlet filter every request meets first (security headers, the production policy, the body
 * limit), the bounded read of an anonymous webhook body ({@link io.tgdesk.web.RequestBodies}) and
 * webhook secrets ({@link io.tgdesk.web.WebhookSecrets}). Features throw {@link
 * io.tgdesk.web.ProblemException}s; only this package turns exceptions into responses.
 *
 * <p>Request bodies are records with Bean Validation constraints, checked by {@code @Valid} on the
 * resource parameter (with the {@link io.tgdesk.web.Creation} or {@link io.tgdesk.web.Change} group
 * where a create and a change differ); {@link io.tgdesk.web.ConstraintViolationMapper} answers a
 * violation with the same 400 and {@code errors} array a hand-built check gives. The constraints
 * every feature may use live here ({@link io.tgdesk.web.NotBlankText}, {@link
 * io.tgdesk.web.OneLine}, {@link io.tgdesk.web.TrimmedSize}, {@link io.tgdesk.web.DistinctItems},
 * {@link io.tgdesk.web.HttpUrl}); a constraint about a feature's own rules (business hours, canned
 * templates) lives with that feature. Checks that need the database or a configured guard stay in
 * the feature's service. Depends on config, and on schema to tell a lost concurrent change (409).
 */
package io.tgdesk.web;
