package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.retry.Decision;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The outbox writes of a {@link CallSender}, recorded instead of written (the real ones need the
 * database; the in-server tests cover them). Writes of the kinds in {@link #refused} throw, as a
 * database that refuses the transaction would. Thread-safe.
 */
final class RecordedOutcomes implements CallSender.Outcomes {

  /** One write: its kind (the method's name), the entry, the decision or null, and the times. */
  record Write(String kind, long entryId, Decision decision, Instant retryAt, Instant at) {}

  final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  final List<String> refused = Collections.synchronizedList(new ArrayList<>());

  private void write(String kind, long entryId, Decision decision, Instant retryAt, Instant at) {
    if (refused.contains(kind)) {
      throw new IllegalStateException(kind + " refused by the database");
    }
    writes.add(new Write(kind, entryId, decision, retryAt, at));
  }

  @Override
  public void sent(long entryId, JsonValue result, Instant now) {
    write("sent", entryId, null, null, now);
  }

  @Override
  public void sentAll(Map<Long, JsonValue> results, Instant now) {
    if (refused.contains("sentAll")) {
      throw new IllegalStateException("sentAll refused by the database");
    }
    results.keySet().forEach(id -> writes.add(new Write("sentAll", id, null, null, now)));
  }

  @Override
  public void sentWithFollowUpDue(long entryId, JsonValue result, String why, Instant now) {
    write("sentWithFollowUpDue", entryId, null, null, now);
  }

  @Override
  public void answeredButNotRecorded(long entryId, String why, Instant now) {
    write("answeredButNotRecorded", entryId, null, null, now);
  }

  @Override
  public void notMade(long entryId, Instant now) {
    write("notMade", entryId, null, null, now);
  }

  @Override
  public void failed(OutboxEntry entry, Decision decision, Instant retryAt, Instant now) {
    write("failed", entry.id(), decision, retryAt, now);
  }

  List<String> kinds() {
    synchronized (writes) {
      return writes.stream().map(Write::kind).toList();
    }
  }

  Write only() {
    synchronized (writes) {
      if (writes.size() != 1) {
        throw new AssertionError("expected one write, got " + writes);
      }
      return writes.get(0);
    }
  }
}
