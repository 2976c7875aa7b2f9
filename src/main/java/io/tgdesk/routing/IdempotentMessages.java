package io.tgdesk.routing;

import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Send requests with an {@code Idempotency-Key} header: the first is sent ({@link RoutedMessages})
 * and its answer kept with the key; the same request again gets that answer and sends nothing, even
 * when both arrive at once. The same key with another request is refused.
 */
@ApplicationScoped
public class IdempotentMessages {

  /** Visible ASCII, as Stripe and the IETF draft use: a UUID, a batch name, a hash. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

  @Inject RoutedMessages messages;
  @Inject AcceptedRequests accepted;

  /**
   * Sends the request once per key.
   *
   * @return the answer as JSON: the first request's, for every repetition of it
   * @throws ProblemException 400 for a malformed key, 422 for a key already used by another request
   */
  public String send(JsonObject body, String key) {
    if (!KEY.matcher(key).matches()) {
      throw ProblemException.invalid(
          List.of(
              new FieldError(
                  "Idempotency-Key", "must be 1-200 visible ASCII characters (e.g. a UUID)")));
    }
    String digest = sha256(body == null ? "" : body.toString());
    Optional<String> earlier = earlierAnswer(key, digest);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    try {
      String answer = messages.sendRecorded(body, key, digest);
      try {
        accepted.forgetExpired();
      } catch (RuntimeException e) {
        // Only housekeeping: the next request forgets them.
      }
      return answer;
    } catch (RuntimeException e) {
      // The same request, sent twice at once: the first one's answer, once it has committed.
      return earlierAnswer(key, digest).orElseThrow(() -> e);
    }
  }

  private Optional<String> earlierAnswer(String key, String digest) {
    return accepted
        .find(key)
        .map(
            a -> {
              if (!a.requestSha256().equals(digest)) {
                throw ProblemException.unprocessable(
                    "Idempotency-Key "
                        + key
                        + " was used at "
                        + a.acceptedAt()
                        + " for another request; use a new key for a new request.");
              }
              return a.answer();
            });
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
