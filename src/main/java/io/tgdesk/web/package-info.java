/**
 * The HTTP edge shared by all features: the JAX-RS application, problem+json (RFC 9457) error
 * mapping, the shared parsing of query parameters, the servlet filter every request meets first
 * (security headers, the production policy, the body limit) and the bounded read of an anonymous
 * webhook body ({@link io.tgdesk.web.RequestBodies}), and webhook secrets ({@link
 * io.tgdesk.web.WebhookSecrets}). Features throw {@link io.tgdesk.web.ProblemException}s; only this
 * package turns exceptions into responses. Depends on config only.
 */
package io.tgdesk.web;
