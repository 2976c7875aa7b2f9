package io.tgdesk.schema;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A transactional method (or every method of a class) that is run again, in a new transaction, when
 * its transaction lost to a concurrent change ({@link Conflicts}): at most {@link
 * ConflictRetries#ATTEMPTS} times in all, and only when it was called outside any transaction (a
 * caller's transaction that lost cannot be saved from inside it). Only for methods whose every
 * effect is in the database: nothing of a lost attempt remains, so running it again is safe.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RetriedOnConflict {}
