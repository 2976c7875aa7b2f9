package io.tgdesk.routing;

import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BulkMessages;
import io.tgdesk.tickets.queues.QueueName;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Admin notices and bulk text (POST /api/admin/messages) through a named bot, a pool, a queue's
 * rule or a topic group's rule: validates the request, routes every chat ({@link ChatRouting}),
 * then enqueues all messages in one transaction. A send that met a concurrent change (on Derby, a
 * lock the delivery engine or intake held on the same rows) is run again, instead of answering 409
 * for the admin to send again: all it does is in the database ({@link RetriedOnConflict}).
 */
@ApplicationScoped
@RetriedOnConflict
public class RoutedMessages {

  @Inject BulkMessages bulk;
  @Inject ChatRouting routing;
  @Inject AcceptedRequests accepted;

  private static final Jsonb JSON = JsonbBuilder.create();

  /**
   * The accepted request: the target as given (the others null), and per message, in order, its
   * outbox entry id and the bot it goes through.
   */
  public record Accepted(
      Long botId,
      Long poolId,
      String queue,
      Long topicGroupId,
      String lane,
      String category,
      List<Long> ids,
      List<Long> botIds) {}

  /**
   * {@link #send} and, in the same transaction, the answer recorded under the request's {@code
   * Idempotency-Key} ({@link AcceptedRequests}).
   *
   * @return the answer, as JSON
   */
  @Transactional
  public String sendRecorded(JsonObject body, String key, String requestSha256) {
    accepted.claim(key, requestSha256);
    String answer = JSON.toJson(send(body));
    accepted.answer(key, answer);
    return answer;
  }

  @Transactional
  public Accepted send(JsonObject body) {
    if (body == null) {
      throw ProblemException.badRequest(
          "A JSON body with botId (or poolId, queue, topicGroupId) and messages is required.");
    }
    List<FieldError> errors = new ArrayList<>();
    Target target = target(body, errors);
    BulkMessages.Parsed request = bulk.parse(body, errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Map<Long, ChatRouting.Route> routes = routing.route(target, request.chatIds(), request.lane());
    List<BotId> botOfMessage = request.chatIds().stream().map(c -> routes.get(c).bot()).toList();
    List<Long> ids = bulk.enqueue(request, botOfMessage);
    return new Accepted(
        target.bot() == null ? null : target.bot().value(),
        target.pool() == null ? null : target.pool().value(),
        target.queue(),
        target.topicGroupId(),
        request.lane().wireName(),
        request.category(),
        ids,
        botOfMessage.stream().map(BotId::value).toList());
  }

  private static Target target(JsonObject body, List<FieldError> errors) {
    Long bot = integral(body, "botId", errors);
    Long pool = integral(body, "poolId", errors);
    Long topicGroup = integral(body, "topicGroupId", errors);
    String queue = null;
    JsonValue q = body.get("queue");
    if (q != null && q != JsonValue.NULL) {
      if (q instanceof JsonString s && QueueName.isValid(s.getString())) {
        queue = s.getString();
      } else {
        errors.add(QueueName.invalid("queue"));
      }
    }
    int given =
        (bot == null ? 0 : 1)
            + (pool == null ? 0 : 1)
            + (queue == null ? 0 : 1)
            + (topicGroup == null ? 0 : 1);
    if (given != 1) {
      if (errors.isEmpty()) {
        errors.add(
            new FieldError(
                "botId",
                given == 0
                    ? "is required, or else one of poolId, queue and topicGroupId"
                    : "give exactly one of botId, poolId, queue and topicGroupId"));
      }
      return null;
    }
    return new Target(
        bot == null ? null : BotId.of(bot),
        pool == null ? null : PoolId.of(pool),
        queue,
        topicGroup);
  }

  private static Long integral(JsonObject body, String field, List<FieldError> errors) {
    JsonValue v = body.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        errors.add(new FieldError(field, "is out of the 64-bit range"));
        return null;
      }
    }
    errors.add(new FieldError(field, "must be a whole number, not " + v));
    return null;
  }
}
