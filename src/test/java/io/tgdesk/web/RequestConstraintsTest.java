package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.hostevents.EndpointRequest;
import io.tgdesk.routing.BotPoolRequest;
import io.tgdesk.shopify.ShopAdministration.ShopRequest;
import io.tgdesk.shopify.customers.CustomerLinks.LinkRequest;
import io.tgdesk.telegram.bots.BotRequest;
import io.tgdesk.tickets.canned.CannedResponses.CannedResponseRequest;
import io.tgdesk.tickets.queues.Queues.QueueRequest;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The request records' constraints give the field errors the hand-built checks gave: the same field
 * names, messages and order.
 */
class RequestConstraintsTest {

  static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
  static final Validator VALIDATOR = FACTORY.getValidator();

  @AfterAll
  static void close() {
    FACTORY.close();
  }

  static List<Problem.FieldError> errors(Object request, Class<?>... groups) {
    return ConstraintViolationMapper.fieldErrors(VALIDATOR.validate(request, groups));
  }

  static List<String> fields(Object request, Class<?>... groups) {
    return errors(request, groups).stream().map(Problem.FieldError::field).toList();
  }

  static QueueRequest queue(String name, String strategy, List<String> members, List<Long> bots) {
    return new QueueRequest(
        name, null, null, strategy, members, bots, null, null, null, null, null, null, null, null);
  }

  @Test
  void aQueueWithABadNameAndStrategyNamesBothInDeclarationOrder() {
    assertThat(errors(queue("Bad Name", "fastest", List.of(), null)))
        .containsExactly(
            new Problem.FieldError(
                "name", "must be 1-100 of a-z, 0-9 and '-', starting with a letter or digit"),
            new Problem.FieldError("strategy", "must be one of manual, round-robin, least-open"));
    assertThat(errors(queue("good", "round-robin", List.of("ann", "bob"), List.of(1L)))).isEmpty();
  }

  @Test
  void badItemsOfAListAreOneErrorNamingTheList() {
    assertThat(errors(queue("q", null, Arrays.asList("ok", " ", null, "a\nb"), null)))
        .containsExactly(
            new Problem.FieldError("members", "items must be non-blank, one line, at most 200"));
    assertThat(fields(queue("q", null, null, Arrays.asList(1L, null)))).containsExactly("botIds");
  }

  @Test
  void businessHoursNameTheFieldAtFault() {
    QueueRequest mars =
        new QueueRequest(
            "q",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "Mars/Base",
            null,
            null,
            null,
            null,
            null);
    assertThat(fields(mars)).containsExactly("timeZone");
    QueueRequest badDay =
        new QueueRequest(
            "q",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("${7*7}{x}", "09:00-17:00"),
            null,
            null,
            null,
            null);
    assertThat(errors(badDay))
        .containsExactly(new Problem.FieldError("hours", "${7*7}{x} is not a day (monday...)"));
  }

  @Test
  void aCannedResponseNeedsANameAndTextOnlyWhenCreated() {
    CannedResponseRequest empty = new CannedResponseRequest(null, null, null, null);
    assertThat(fields(empty, Creation.class)).containsExactly("name", "text");
    assertThat(fields(empty)).isEmpty();
    CannedResponseRequest unknown =
        new CannedResponseRequest("n", "Hi {customer.age}", "Bold", null);
    assertThat(errors(unknown))
        .extracting(Problem.FieldError::field)
        .containsExactly("text", "parseMode");
    assertThat(errors(unknown).get(0).message()).contains("{customer.age}");
  }

  @Test
  void aBotWithEveryFieldWrongNamesEachField() {
    BotRequest bad =
        new BotRequest(
            null,
            "not-a-token",
            "carrier-pigeon",
            "spaces are not allowed",
            "ftp://x",
            null,
            99,
            null,
            null,
            0,
            3601,
            null);
    assertThat(fields(bad, Creation.class))
        .containsExactly(
            "name",
            "token",
            "mode",
            "webhookSecret",
            "apiBaseUrl",
            "pollTimeoutSeconds",
            "floodMaxMessages",
            "floodPeriodSeconds");
    BotRequest good =
        new BotRequest(
            " bot ",
            "123:abc",
            " WebHook ",
            null,
            "http://127.0.0.1:8081",
            0,
            50,
            null,
            null,
            10000,
            1,
            true);
    assertThat(errors(good, Creation.class)).isEmpty();
    assertThat(
            errors(
                new BotRequest(
                    " ", null, null, null, null, null, null, null, null, null, null, null),
                Change.class))
        .containsExactly(new Problem.FieldError("name", "must not be blank"));
  }

  @Test
  void aPoolNamesItsBotsOnceEach() {
    assertThat(errors(new BotPoolRequest("p", List.of(1L, 1L))))
        .containsExactly(new Problem.FieldError("botIds", "must not name a bot twice"));
    assertThat(errors(new BotPoolRequest(null, null), Creation.class))
        .extracting(Problem.FieldError::message)
        .containsExactly("is required", "is required");
  }

  @Test
  void shopTemplatesAreNamedByTopic() {
    ShopRequest r =
        new ShopRequest(
            " Example.MyShopify.com ",
            1L,
            List.of("0123456789abcdef"),
            null,
            null,
            null,
            Map.of("orders/unknown", "x"));
    assertThat(errors(r, Creation.class))
        .containsExactly(
            new Problem.FieldError(
                "templates.orders/unknown", "is not an order topic with notices"));
  }

  @Test
  void aCustomerLinkNamesItsShopUserAndCustomer() {
    assertThat(errors(new LinkRequest(null, 0L, null, null, null)))
        .containsExactly(
            new Problem.FieldError("shopId", "is required"),
            new Problem.FieldError("telegramUserId", "is required (a Telegram user id)"),
            new Problem.FieldError("shopifyCustomerId", "or email or phone is required"));
    assertThat(errors(new LinkRequest(1L, 5L, null, "no-at-sign", "12-34")))
        .containsExactly(
            new Problem.FieldError("email", "is not an email address"),
            new Problem.FieldError("phone", "must have at least 6 digits"));
    assertThat(errors(new LinkRequest(1L, 5L, null, " Ann@Example.com ", null))).isEmpty();
  }

  @Test
  void anEventEndpointNamesEachUnknownType() {
    EndpointRequest r = new EndpointRequest(null, List.of("ticket.created", "no.such"), 0, null);
    assertThat(fields(r, Creation.class)).containsExactly("url", "eventTypes", "maxAttempts");
    assertThat(fields(r, Change.class)).containsExactly("eventTypes", "maxAttempts");
  }

  @Test
  void aBlockReasonIsRequiredAndOneLineOfAtMost500Characters() {
    assertThat(fields(new io.tgdesk.customers.BlockRequest(null))).containsExactly("reason");
    assertThat(fields(new io.tgdesk.customers.BlockRequest(" \t"))).containsExactly("reason");
    assertThat(fields(new io.tgdesk.customers.BlockRequest("spam\nand more")))
        .containsExactly("reason");
    assertThat(fields(new io.tgdesk.customers.BlockRequest("x".repeat(501))))
        .containsExactly("reason");
    assertThat(errors(new io.tgdesk.customers.BlockRequest(" sends spam " + "x".repeat(480))))
        .isEmpty();
  }
}
