package io.tgdesk.cluster;

import io.tgdesk.config.Settings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.bots.BotsChanged;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which bots this server acts for. Every {@code lease/3} it beats its heart, renews the leases it
 * holds, takes free or expired ones up to its fair share (bots divided by live servers, rounded up)
 * and gives back what exceeds that share, so that bots spread over the servers and a dead server's
 * bots are taken over within lease + lease/3.
 *
 * <p>The fence: {@link #owns(BotId)} turns false {@code lease/5} before the lease could expire
 * unrenewed, so a server that stalls (a long GC pause, a frozen VM) stops calling Telegram before
 * another server may take the bot; claims of outbox entries also check the token in the database
 * ({@link LeaseStore#holds}). Server clocks must agree to well within {@code lease/5} (NTP).
 *
 * <p>A single server is a cluster of one: it holds every bot, and after a restart it takes its own
 * leases back at once (its node id is stable).
 */
@ApplicationScoped
public class BotOwnership {

  private static final Logger LOG = Logger.getLogger(BotOwnership.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject RecurringJobs jobs;
  @Inject LeaseStore leases;
  @Inject BotStore bots;
  @Inject Settings settings;
  @Inject Clock clock;
  @Inject Event<OwnershipChanged> changes;

  /** A lease this server holds: its token, and until when this server may act on it. */
  private record Held(long token, Instant actUntil) {}

  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean stopping;
  private boolean firstBeat = true;
  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    started = true;
    Duration every = Duration.ofMillis(Math.max(200, settings.clusterLease().toMillis() / 3));
    task = jobs.start("cluster-heartbeat", Duration.ZERO, every, this::beat);
    LOG.info(
        "Node "
            + node()
            + " joins the cluster (lease "
            + settings.clusterLease().toSeconds()
            + " s)");
  }

  void onBotsChanged(@Observes BotsChanged changed) {
    if (started) {
      scheduler.execute(this::heartbeat); // a new bot is served at once, not at the next beat
    }
  }

  /** This server's node id. */
  public NodeId node() {
    return new NodeId(settings.clusterNodeId());
  }

  /** Whether this server may act for the bot now (send, poll, process its updates). */
  public boolean owns(BotId bot) {
    Held h = held.get(bot.value());
    return h != null && clock.instant().isBefore(h.actUntil());
  }

  /** The fencing token of a lease this server holds. */
  public OptionalLong token(BotId bot) {
    Held h = held.get(bot.value());
    return h == null ? OptionalLong.empty() : OptionalLong.of(h.token());
  }

  /** The bots this server holds. */
  public Set<BotId> owned() {
    Set<BotId> out = new HashSet<>();
    held.keySet().forEach(id -> out.add(BotId.of(id)));
    return out;
  }

  /** The servers and the leases, as stored, read at {@code clock.instant()}. */
  public ClusterView describe() {
    Instant now = clock.instant();
    Instant aliveSince = now.minus(settings.clusterLease());
    return new ClusterView(
        node().value(),
        settings.clusterLease().toSeconds(),
        leases.nodes().stream()
            .map(
                n ->
                    new ClusterView.Node(
                        n.nodeId(),
                        n.startedAt(),
                        n.heartbeatAt(),
                        !n.heartbeatAt().isBefore(aliveSince)))
            .toList(),
        leases.leases().stream()
            .map(
                l ->
                    new ClusterView.Lease(
                        l.botId(),
                        l.owner(),
                        l.token(),
                        l.acquiredAt(),
                        l.renewedAt(),
                        l.expiresAt(),
                        l.expiresAt() == null || !l.expiresAt().isAfter(now)))
            .toList());
  }

  private void heartbeat() {
    try {
      beat();
    } catch (RuntimeException | Error e) {
      // Caught whole: a periodic task that throws is never run again.
      LOG.log(Level.WARNING, "Cluster heartbeat of " + node() + " failed; next one soon", e);
    }
  }

  synchronized void beat() {
    if (stopping) {
      return;
    }
    Duration ttl = settings.clusterLease();
    Instant now = clock.instant();
    leases.heartbeat(node(), now, firstBeat);
    firstBeat = false;
    Set<BotId> lost = renewHeld(now, ttl);
    List<Bot> all = bots.list();
    Set<Long> existing = new HashSet<>();
    all.forEach(b -> existing.add(b.id().value()));
    held.keySet().removeIf(id -> !existing.contains(id));
    if (leases.forgetLeasesOfDeletedBots() > 0) {
      LOG.info("Node " + node() + " deleted the leases of deleted bots");
    }
    int alive = Math.max(1, leases.nodesAliveSince(now.minus(ttl)).size());
    int share = (all.size() + alive - 1) / alive;
    Set<BotId> gained = acquireUpTo(share, all, now, ttl);
    List<BotId> release = beyondShare(share);
    if (!gained.isEmpty() || !lost.isEmpty() || !release.isEmpty()) {
      handOver(gained, lost, release);
    }
  }

  /** Renews every lease this server holds; returns the bots whose lease it lost. */
  private Set<BotId> renewHeld(Instant now, Duration ttl) {
    Set<BotId> lost = new HashSet<>();
    Map<Long, Long> known = new java.util.HashMap<>();
    held.forEach((bot, h) -> known.put(bot, h.token()));
    Set<Long> renewed = leases.renewAll(node(), known, now, ttl);
    for (Map.Entry<Long, Long> e : known.entrySet()) {
      if (renewed.contains(e.getKey())) {
        held.put(e.getKey(), new Held(e.getValue(), actUntil(now, ttl)));
      } else {
        held.remove(e.getKey());
        lost.add(BotId.of(e.getKey()));
        LOG.warning("Node " + node() + " lost the lease of bot " + e.getKey());
      }
    }
    return lost;
  }

  /** Takes free or expired leases until this server holds its share; returns the bots taken. */
  private Set<BotId> acquireUpTo(int share, List<Bot> all, Instant now, Duration ttl) {
    Set<BotId> gained = new HashSet<>();
    for (Bot b : all) {
      if (held.size() >= share) {
        break;
      }
      if (held.containsKey(b.id().value())) {
        continue;
      }
      try {
        OptionalLong token = leases.tryAcquire(b.id(), node(), now, ttl);
        if (token.isPresent()) {
          held.put(b.id().value(), new Held(token.getAsLong(), actUntil(now, ttl)));
          gained.add(b.id());
          LOG.info("Node " + node() + " took the lease of bot " + b.id());
        }
      } catch (RuntimeException raced) {
        LOG.log(Level.FINE, "Another node took bot " + b.id() + " first", raced);
      }
    }
    return gained;
  }

  /** The held bots beyond the share, the highest ids: they are given back to spread the load. */
  private List<BotId> beyondShare(int share) {
    List<Long> extra = new ArrayList<>(held.keySet());
    extra.sort(null);
    List<BotId> release = new ArrayList<>();
    for (int i = share; i < extra.size(); i++) {
      release.add(BotId.of(extra.get(i)));
    }
    return release;
  }

  /** Tells the observers what changed, then releases the leases given back. */
  private void handOver(Set<BotId> gained, Set<BotId> lost, List<BotId> release) {
    Set<BotId> giving = new HashSet<>(lost);
    giving.addAll(release);
    Map<BotId, Long> tokens = new java.util.HashMap<>();
    release.forEach(b -> tokens.put(b, held.remove(b.value()).token()));
    // Observers stop acting for the given-up bots before this returns; only then is the lease
    // released, so the next owner never overlaps with this one.
    changes.fire(new OwnershipChanged(Set.copyOf(gained), Set.copyOf(giving)));
    tokens.forEach((bot, token) -> leases.release(bot, node(), token, clock.instant()));
    if (!release.isEmpty()) {
      LOG.info("Node " + node() + " handed over bots " + release + " to spread the load");
    }
  }

  private Instant actUntil(Instant renewedAt, Duration ttl) {
    return renewedAt.plus(ttl).minus(ttl.dividedBy(5));
  }

  @PreDestroy
  void stop() {
    stopping = true;
    if (task != null) {
      task.cancel(false);
    }
  }
}
