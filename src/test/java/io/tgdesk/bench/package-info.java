/**
 * Benchmarks run against the real server by {@code mvn verify -Pbench}: they print figures and
 * check correctness only (never a timing), because these machines are shared and noisy.
 */
package io.tgdesk.bench;
