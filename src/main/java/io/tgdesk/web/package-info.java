/**
 * The HTTP edge shared by all features: the JAX-RS application, problem+json (RFC 9457) error
 * mapping, and request filters. Features throw {@link io.tgdesk.web.ProblemException}s; only this
 * package turns exceptions into responses. Depends on config only.
 */
package io.tgdesk.web;
