package io.tgdesk.customers;

import io.tgdesk.config.PrivacySettings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.inbound.UpdateStore;
import io.tgdesk.tickets.TicketErasure;
import io.tgdesk.tickets.TicketId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The retention of ticket content: closed tickets unchanged for {@code tgdesk.customers.retention-
 * days} lose their content in batches, by the same steps as a customer's erasure ({@link
 * TicketErasure}, the host events of the ticket), and stored Telegram updates processed before then
 * are deleted. Off by default. Runs hourly when on, and on demand (with a dry run that only
 * counts). One run at a time: the scheduled run and an admin's wait for each other.
 */
@ApplicationScoped
public class ContentRetention {

  static final Duration EVERY = Duration.ofHours(1);

  @Inject RetentionSteps steps;
  @Inject TicketErasure tickets;
  @Inject UpdateStore updates;
  @Inject PrivacySettings settings;
  @Inject RecurringJobs jobs;
  @Inject Clock clock;

  private final Object lock = new Object();

  /**
   * What a retention run erased, or (dry run) would erase.
   *
   * @param cutoff tickets closed and unchanged since before this instant, updates processed before
   * @param tickets closed tickets whose content was (would be) erased
   * @param messages their messages not erased before
   * @param updates stored Telegram updates deleted (to be deleted)
   * @param batches transactions it took (0 for a dry run)
   */
  public record RetentionRun(
      Instant cutoff,
      boolean dryRun,
      int batchSize,
      long tickets,
      long messages,
      long updates,
      int batches) {}

  void start(@Observes SchemaReady ready) {
    if (settings.retains()) {
      jobs.start("ticket-content-retention", Duration.ofMinutes(1), EVERY, this::enforce);
    }
  }

  /** The configured retention time; zero when the retention is off. */
  public Duration retention() {
    return settings.retention();
  }

  void enforce() {
    run(clock.instant().minus(settings.retention()), null, false);
  }

  /**
   * Erases (or, with {@code dryRun}, counts) what is older than the cutoff, of one bot unless
   * {@code bot} is null.
   */
  public RetentionRun run(Instant cutoff, BotId bot, boolean dryRun) {
    synchronized (lock) {
      int size = settings.batchSize();
      if (dryRun) {
        long[] counts = tickets.countClosedBefore(cutoff, bot);
        return new RetentionRun(
            cutoff, true, size, counts[0], counts[1], updates.countProcessedBefore(cutoff, bot), 0);
      }
      long ticketCount = 0;
      long messages = 0;
      int batches = 0;
      List<TicketId> due;
      do {
        due = tickets.closedBefore(cutoff, bot, size);
        for (TicketId t : due) {
          int n;
          do {
            n = steps.eraseBatch(t, size);
            messages += n;
            batches++;
          } while (n == size);
          ticketCount++;
        }
      } while (due.size() == size);
      long deleted = 0;
      int n;
      do {
        n = updates.deleteProcessedBefore(cutoff, bot, size);
        deleted += n;
        if (n > 0) {
          batches++;
        }
      } while (n == size);
      return new RetentionRun(cutoff, false, size, ticketCount, messages, deleted, batches);
    }
  }
}
