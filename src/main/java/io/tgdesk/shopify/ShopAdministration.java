package io.tgdesk.shopify;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.intake.ShopifyWebhookProcessor;
import io.tgdesk.shopify.intake.WebhookStore;
import io.tgdesk.shopify.orders.ShopifyTopics;
import io.tgdesk.shopify.privacy.DataErasure;
import io.tgdesk.shopify.privacy.DataExport;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.shopify.shops.ShopId;
import io.tgdesk.telegram.bots.BotDirectory;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.queues.QueueNameChanged;
import io.tgdesk.tickets.queues.Queues;
import io.tgdesk.web.Creation;
import io.tgdesk.web.Page;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.SecretRules;
import io.tgdesk.web.TrimmedSize;
import io.tgdesk.web.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What admins do with shops: configure them (secrets are stored, never shown), read and retry
 * stored webhooks, read data_request exports.
 */
@ApplicationScoped
public class ShopAdministration {

  static final String DOMAIN_FORM =
      "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+";

  @PersistenceContext EntityManager em;
  @Inject BotDirectory bots;
  @Inject WebhookStore webhooks;
  @Inject ShopifyWebhookProcessor processor;
  @Inject DataErasure erasure;
  @Inject Queues queues;
  @Inject Clock clock;

  /**
   * A shop's configuration as admins send it. In a PATCH, fields left out (null) keep their value;
   * {@code secrets} replaces the whole list (send old and new during a rotation).
   */
  @ValidTemplates
  public record ShopRequest(
      @NotNull(groups = Creation.class, message = "is required")
          @jakarta.validation.constraints.Pattern(
              regexp = "[\\x00-\\x20]*(?iu:" + DOMAIN_FORM + ")[\\x00-\\x20]*",
              message = "must be a host name such as example.myshopify.com")
          String domain,
      @NotNull(groups = Creation.class, message = "is required") @KnownBot Long botId,
      @NotNull(groups = Creation.class, message = "is required")
          @Size(min = 1, max = 5, message = "must hold 1 to 5 secrets")
          List<
                  @NotNull(message = SECRET_RULE)
                  @TrimmedSize(min = SecretRules.MIN_LENGTH, max = 500, message = SECRET_RULE)
                  String>
              secrets,
      @Size(max = 100, message = "must be at most 100 characters") String queueName,
      Boolean noticesEnabled,
      @Min(value = 0, message = "must be 0 to 3600")
          @Max(value = 3600, message = "must be 0 to 3600")
          Integer noticeWindowSeconds,
      Map<String, String> templates) {

    static final String SECRET_RULE =
        "each must be " + SecretRules.MIN_LENGTH + " to 500 characters";
  }

  /**
   * A bot id that names a registered bot, checked with the request's other fields so that one
   * answer names every field at fault (the write checks again: the bot may go in between).
   */
  @Documented
  @Constraint(validatedBy = KnownBot.Check.class)
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @Retention(RetentionPolicy.RUNTIME)
  public @interface KnownBot {

    String message() default "no bot with that id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * Validates {@link KnownBot} against the bots registered now. Outside the server (a validator
     * in a unit test) there are no bots to ask; the write checks again anyway.
     */
    class Check implements ConstraintValidator<KnownBot, Long> {

      private static boolean inContainer() {
        try {
          CDI.current();
          return true;
        } catch (IllegalStateException e) {
          return false;
        }
      }

      private static BotDirectory bots() {
        return CDI.current().select(BotDirectory.class).get();
      }

      @Override
      public boolean isValid(Long botId, ConstraintValidatorContext context) {
        if (botId == null
            || !inContainer()
            || bots().findWebhookCredentials(BotId.of(botId)).isPresent()) {
          return true;
        }
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate(Violations.literal("no bot with id " + botId))
            .addConstraintViolation();
        return false;
      }
    }
  }

  /**
   * A shop request's notice templates, when given, are keyed by order topics that have notices and
   * are texts of at most 4096 characters; a violation names {@code templates.<topic>}.
   */
  @Documented
  @Constraint(validatedBy = ValidTemplates.Check.class)
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface ValidTemplates {

    String message() default "are not notice templates";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link ValidTemplates}: one violation per template at fault. */
    class Check implements ConstraintValidator<ValidTemplates, ShopRequest> {
      @Override
      public boolean isValid(ShopRequest r, ConstraintValidatorContext context) {
        if (r == null || r.templates() == null) {
          return true;
        }
        boolean valid = true;
        for (var e : r.templates().entrySet()) {
          String problem =
              !ShopifyTopics.NOTICE_TOPICS.contains(e.getKey())
                  ? "is not an order topic with notices"
                  : e.getValue() == null || e.getValue().length() > 4096
                      ? "must be text of at most 4096 characters"
                      : null;
          if (problem != null) {
            valid = false;
            context.disableDefaultConstraintViolation();
            context
                .buildConstraintViolationWithTemplate(problem)
                .addPropertyNode("templates." + e.getKey())
                .addConstraintViolation();
          }
        }
        return valid;
      }
    }
  }

  @Transactional
  public ShopifyAnswers.ShopView create(ShopRequest r) {
    if (r == null) {
      throw ProblemException.badRequest("A JSON body with domain, botId and secrets is required.");
    }
    checkBot(r, new ArrayList<>());
    checkQueue(r);
    String domain = r.domain().trim().toLowerCase(Locale.ROOT);
    if (webhooks.findCredentials(domain).isPresent()) {
      throw ProblemException.conflict("The shop " + domain + " is already configured.");
    }
    Shop shop = new Shop(domain, r.botId(), clock.instant());
    apply(shop, r);
    em.persist(shop);
    em.flush();
    return ShopifyAnswers.ShopView.of(shop);
  }

  @Transactional
  public ShopifyAnswers.ShopView update(long id, ShopRequest r) {
    Shop shop = get(id);
    if (r == null) {
      throw ProblemException.badRequest("A JSON body is required.");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    if (r.domain() != null && !r.domain().trim().equalsIgnoreCase(shop.domain())) {
      errors.add(new Problem.FieldError("domain", "cannot change; configure a new shop"));
    }
    checkBot(r, errors);
    checkQueue(r);
    if (r.botId() != null) shop.setBotId(r.botId());
    apply(shop, r);
    return ShopifyAnswers.ShopView.of(shop);
  }

  public List<ShopifyAnswers.ShopView> list() {
    return em.createQuery("select s from Shop s order by s.id", Shop.class).getResultList().stream()
        .map(ShopifyAnswers.ShopView::of)
        .toList();
  }

  public ShopifyAnswers.ShopView view(long id) {
    return ShopifyAnswers.ShopView.of(get(id));
  }

  /** Deletes the shop with everything stored for it (webhooks, orders, links, exports, entries). */
  @Transactional
  public void delete(long id) {
    get(id);
    erasure.deleteShop(new ShopId(id));
  }

  public Page<ShopifyAnswers.WebhookView> webhooks(
      IntakeState state, Long shopId, String topic, int page, int size) {
    return new Page<>(
        webhooks.list(state, shopId, topic, page, size).stream()
            .map(ShopifyAnswers.WebhookView::of)
            .toList(),
        page,
        size,
        webhooks.count(state, shopId, topic));
  }

  public ShopifyAnswers.WebhookView webhook(long id) {
    return webhooks
        .find(id)
        .map(ShopifyAnswers.WebhookView::of)
        .orElseThrow(() -> ProblemException.notFound("No Shopify delivery with id " + id + "."));
  }

  public ShopifyAnswers.WebhookView retry(long id) {
    ShopifyWebhook e =
        webhooks
            .find(id)
            .orElseThrow(
                () -> ProblemException.notFound("No Shopify delivery with id " + id + "."));
    if (e.lifecycle().state() != IntakeState.FAILED) {
      throw ProblemException.conflict(
          "Delivery "
              + id
              + " is "
              + e.lifecycle().state().name().toLowerCase()
              + "; only failed ones can be retried.");
    }
    ShopifyAnswers.WebhookView view =
        webhooks.retryNow(id, clock.instant()).map(ShopifyAnswers.WebhookView::of).orElseThrow();
    processor.wake(new ShopId(e.shopId()));
    return view;
  }

  public List<ShopifyAnswers.ExportView> exports(Long shopId) {
    var q =
        em.createQuery(
            "select x from DataExport x"
                + (shopId == null ? "" : " where x.shopId = :s")
                + " order by x.id desc",
            DataExport.class);
    if (shopId != null) {
      q.setParameter("s", shopId);
    }
    return q.setMaxResults(500).getResultList().stream()
        .map(x -> ShopifyAnswers.ExportView.of(x, false))
        .toList();
  }

  public ShopifyAnswers.ExportView export(long id) {
    DataExport x = em.find(DataExport.class, id);
    if (x == null) {
      throw ProblemException.notFound("No export with id " + id + ".");
    }
    return ShopifyAnswers.ExportView.of(x, true);
  }

  private Shop get(long id) {
    Shop shop = em.find(Shop.class, id);
    if (shop == null) {
      throw ProblemException.notFound("No shop with id " + id + ".");
    }
    return shop;
  }

  /**
   * What the request's constraints cannot check: that its bot exists. Answers the errors found so
   * far and this one with 400.
   */
  private void checkBot(ShopRequest r, List<Problem.FieldError> errors) {
    if (r.botId() != null && bots.findWebhookCredentials(BotId.of(r.botId())).isEmpty()) {
      errors.add(new Problem.FieldError("botId", "no bot with id " + r.botId()));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  /** A shop's queue renamed: the shop follows; deleted: the shop has no queue any more. */
  void onQueueNameChanged(@Observes QueueNameChanged change) {
    Instant now = clock.instant();
    for (Shop shop :
        em.createQuery("select s from Shop s where s.queueName = :n", Shop.class)
            .setParameter("n", change.from())
            .getResultList()) {
      shop.setQueueName(change.to());
      shop.touch(now);
    }
  }

  /** The shop's tickets go into its queue: it must exist (422). A blank name removes the queue. */
  private void checkQueue(ShopRequest r) {
    if (r.queueName() != null && !r.queueName().isBlank() && !queues.exists(r.queueName().trim())) {
      throw ProblemException.unprocessable(
          "queueName: no queue named " + r.queueName().trim() + "; create it first.");
    }
  }

  private void apply(Shop shop, ShopRequest r) {
    Instant now = clock.instant();
    if (r.secrets() != null) shop.setSecrets(r.secrets().stream().map(String::trim).toList());
    if (r.queueName() != null)
      shop.setQueueName(r.queueName().isBlank() ? null : r.queueName().trim());
    if (r.noticesEnabled() != null) shop.setNoticesEnabled(r.noticesEnabled());
    if (r.noticeWindowSeconds() != null) shop.setNoticeWindowSeconds(r.noticeWindowSeconds());
    if (r.templates() != null) shop.setTemplates(r.templates());
    shop.touch(now);
  }
}
