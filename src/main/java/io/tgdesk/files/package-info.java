/**
 * Files agents send to customers, kept in the database until Telegram has them: streamed in 1 MiB
 * chunks (no upload is held whole in memory, and PostgreSQL's 1 GB BYTEA limit does not apply),
 * read back as a stream when the delivery engine uploads them, and Telegram's {@code file_id}
 * recorded per bot once a send succeeded, so that the next send of the same file names it instead
 * of uploading again. Telegram's limits (50 MB per upload, 10 MB per photo, 2,000 MB through a
 * Local Bot API server, 1,024 characters of caption) and the bounded storage (a total size, bytes
 * cleaned up a while after sending, the reference kept) live here.
 *
 * <p>Part of the base: may use config, web and schema only. Knows nothing of tickets, bots or the
 * delivery engine; they name files by {@link io.tgdesk.files.FileId}.
 */
package io.tgdesk.files;
