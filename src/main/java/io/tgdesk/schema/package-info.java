/**
 * The database schema: Liquibase changesets in {@code db/changelog.xml} run at start-up against the
 * application's datasource (Derby or PostgreSQL), before anything else touches the database. When
 * they have run, {@link io.tgdesk.schema.SchemaReady} is fired; features that start background work
 * observe it, and start their recurring jobs (sweeps, heartbeats, writers, retention) on {@link
 * io.tgdesk.schema.RecurringJobs}, which runs each with a fixed delay, logs its failures by name
 * and counts its runs in the metrics. {@link io.tgdesk.schema.Columns} fits text into the declared
 * column lengths, and {@link io.tgdesk.schema.UniqueKeys} tells a write that lost at a unique key
 * and stores a row once among racing writers; {@link io.tgdesk.schema.Conflicts} tells a
 * transaction that lost to a concurrent one (and may be tried again); {@link
 * io.tgdesk.schema.PageRows} reads one page of a list, each row once. Depends on nothing of ours
 * (only the platform: managed scheduler, MicroProfile Metrics).
 */
package io.tgdesk.schema;
