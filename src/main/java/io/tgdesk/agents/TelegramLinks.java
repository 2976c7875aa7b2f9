package io.tgdesk.agents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time codes with which agents link their Telegram user themselves: an agent asks for a code
 * (valid {@link #LIFETIME} on the injected clock) and sends {@code /link CODE} in an agents group.
 * Codes are 10 characters of an unambiguous alphabet from a {@link SecureRandom} (about 50 bits);
 * only their SHA-256 is stored, and a code links once. Thread-safe.
 */
@ApplicationScoped
public class TelegramLinks {

  /** How long a code may be used. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  private static final int LENGTH = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TelegramAgents agents;

  /** A code and when it stops working. */
  public record LinkCode(String code, Instant expiresAt) {}

  /** A new code for TgDesk user {@code user}; earlier codes stay valid until they expire. */
  @Transactional
  public LinkCode create(String user) {
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    Instant now = clock.instant();
    Instant expires = now.plus(LIFETIME);
    em.persist(new TelegramLinkCode(hash(code.toString()), user, now, expires));
    return new LinkCode(code.toString(), expires);
  }

  /**
   * Links Telegram user {@code telegramUserId} to the user who asked for {@code code}, and uses the
   * code up; in the caller's transaction.
   *
   * @return the TgDesk user name
   * @throws LinkRefused saying why not (the caller's transaction is not marked for rollback)
   */
  @Transactional(dontRollbackOn = LinkRefused.class)
  public String redeem(String code, long telegramUserId) {
    if (code == null || code.isBlank()) {
      throw new LinkRefused("Send /link followed by the code TgDesk gave you.");
    }
    TelegramLinkCode found =
        em.find(
            TelegramLinkCode.class,
            hash(code.strip().toUpperCase(Locale.ROOT)),
            LockModeType.PESSIMISTIC_WRITE);
    Instant now = clock.instant();
    Optional<String> refusal = refusal(found, now);
    if (refusal.isPresent()) {
      throw new LinkRefused(refusal.get());
    }
    found.use(telegramUserId, now);
    agents.map(telegramUserId, found.userName());
    return found.userName();
  }

  /** Why a code (null: unknown) may not link at {@code now}; empty if it may. */
  static Optional<String> refusal(TelegramLinkCode code, Instant now) {
    if (code == null || code.used()) {
      return Optional.of("This code is unknown or was used already; ask TgDesk for a new one.");
    }
    if (!now.isBefore(code.expiresAt())) {
      return Optional.of("This code expired; ask TgDesk for a new one.");
    }
    return Optional.empty();
  }

  /** A code that links nobody, with the reason in words for the agent. */
  public static class LinkRefused extends RuntimeException {
    LinkRefused(String message) {
      super(message);
    }
  }

  static String hash(String code) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
