package io.tgdesk.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The answers given to send requests with an {@code Idempotency-Key}, kept for {@link #KEPT} so
 * that a retried request is answered again instead of being sent twice.
 */
@ApplicationScoped
public class AcceptedRequests {

  /** How long a key is remembered; a key used again after that starts a new request. */
  public static final Duration KEPT = Duration.ofHours(24);

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  /** The earlier answer to the request with this key, if it is still remembered. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<AcceptedRequest> find(String key) {
    AcceptedRequest found = em.find(AcceptedRequest.class, key);
    if (found == null || found.acceptedAt().isBefore(clock.instant().minus(KEPT))) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  /**
   * Takes the key in the caller's transaction, before the request does anything, so that a
   * concurrent request with the same key waits here for the first one and then fails with the
   * database's unique violation (and rolls back whole), by when the first one's answer is there.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void claim(String key, String requestSha256) {
    // A key remembered longer than KEPT starts a new request: its old row goes first.
    AcceptedRequest earlier = em.find(AcceptedRequest.class, key);
    if (earlier != null && !earlier.acceptedAt().isBefore(clock.instant().minus(KEPT))) {
      // Taken by a request that committed meanwhile: its answer is this one's (IdempotentMessages
      // looks it up), and nothing here is to be run again.
      throw new IllegalStateException("Idempotency-Key " + key + " was taken meanwhile");
    }
    if (earlier != null) {
      em.remove(earlier);
      em.flush();
    }
    em.persist(new AcceptedRequest(key, requestSha256, "", clock.instant()));
    em.flush();
  }

  /** Records the answer of the request that {@link #claim claimed} the key, in its transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void answer(String key, String answer) {
    em.find(AcceptedRequest.class, key).answer(answer);
  }

  /** Forgets the keys older than {@link #KEPT}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int forgetExpired() {
    return em.createQuery("DELETE FROM AcceptedRequest a WHERE a.acceptedAt < :before")
        .setParameter("before", clock.instant().minus(KEPT))
        .executeUpdate();
  }
}
