package io.tgdesk.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An in-server test whose outcome depends on the database underneath: claims and locks, races and
 * unique constraints, deduplication, retention and bulk deletes, SQL that differs between Derby and
 * PostgreSQL (case, LIKE escapes, time arithmetic), restarts and several servers. Every in-server
 * test runs on embedded Derby in {@code mvn verify}; the ones marked so run again on PostgreSQL in
 * {@code .ci/run} ({@code -Dgroups=database}).
 */
@Tag("database")
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DependsOnDatabase {}
