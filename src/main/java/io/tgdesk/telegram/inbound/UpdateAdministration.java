package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.web.Page;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * What admins do with stored updates: list them by state, and send a failed one round again (a
 * waiting one is refused, naming the failed update it waits for).
 */
@ApplicationScoped
public class UpdateAdministration {

  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject Clock clock;

  public Page<UpdateView> list(IntakeState state, Long botId, int page, int size) {
    return new Page<>(
        store.list(state, botId, page, size).stream().map(UpdateView::of).toList(),
        page,
        size,
        store.count(state, botId));
  }

  public UpdateView get(long id) {
    return store
        .find(id)
        .map(UpdateView::of)
        .orElseThrow(() -> ProblemException.notFound("No stored update with id " + id + "."));
  }

  public UpdateView retry(long id) {
    ReceivedUpdate u =
        store
            .find(id)
            .orElseThrow(() -> ProblemException.notFound("No stored update with id " + id + "."));
    if (u.lifecycle().state() == IntakeState.WAITING) {
      throw ProblemException.conflict(
          "Update "
              + id
              + " is waiting: it is applied right after the failed update of its chat (in a"
              + " forum, of its topic) that it waits for"
              + store
                  .heldBy(u)
                  .map(
                      f ->
                          " (stored update "
                              + f.id()
                              + "; retry that one: POST /api/admin/updates/"
                              + f.id()
                              + "/retry)")
                  .orElse(
                      " (which is no longer to be tried again: this one is due at "
                          + u.lifecycle().nextAttemptAt()
                          + ")")
              + ". Only failed updates can be retried.");
    }
    if (u.lifecycle().state() != IntakeState.FAILED) {
      throw ProblemException.conflict(
          "Update "
              + id
              + " is "
              + u.lifecycle().state().name().toLowerCase()
              + "; only failed updates can be retried.");
    }
    UpdateView view = store.retryNow(id, clock.instant()).map(UpdateView::of).orElseThrow();
    processor.wake(BotId.of(u.botId()));
    return view;
  }
}
