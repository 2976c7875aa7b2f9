package io.tgdesk.schema;

/** CDI event fired once at start-up, after the schema migrations ran successfully. */
public record SchemaReady() {}
