package io.tgdesk.files;

import io.tgdesk.config.FileSettings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Deletes the bytes of sent files after {@code tgdesk.files.keep-sent-seconds}, keeping their
 * file_ids ({@link FileStore#cleanUp}): every quarter of that time, at least every second and at
 * most every minute.
 */
@ApplicationScoped
public class FileCleanup {

  private static final int BATCH = 50;

  @Inject RecurringJobs jobs;
  @Inject FileStore files;
  @Inject FileSettings settings;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    Duration every = settings.keepSent().dividedBy(4);
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      every = Duration.ofSeconds(1);
    } else if (every.compareTo(Duration.ofMinutes(1)) > 0) {
      every = Duration.ofMinutes(1);
    }
    task = jobs.start("file-cleanup", every, every, this::cleanUp);
  }

  void cleanUp() {
    while (files.cleanUp(BATCH) == BATCH) {
      // more to do: the next batch at once
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
