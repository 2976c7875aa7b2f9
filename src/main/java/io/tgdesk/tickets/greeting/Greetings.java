package io.tgdesk.tickets.greeting;

import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.CustomerMessages;
import io.tgdesk.tickets.FloodGuard;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.TextValues;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketIntake;
import io.tgdesk.tickets.texts.CustomerText;
import io.tgdesk.tickets.texts.CustomerTexts;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;

/**
 * The answer to {@code /start} (and to a deep link, {@code /start <payload>}): the bot's greeting
 * in the customer's language ({@link CustomerText#GREETING}), through the delivery engine (notice
 * lane, category {@code greeting}).
 *
 * <p>A {@code /start} opens no ticket, unless the bot's admin wants that ({@link
 * BotGreeting.Settings#startOpensTicket()}): then it is the ticket's first message like any other,
 * and the greeting is recorded in the conversation. Otherwise the customer's first real message
 * opens the ticket.
 *
 * <p>A customer is greeted at most once per the bot's repeat period (3600 s unless set): a {@code
 * /start} within it of the last greeting gets no answer, so that pressing Start over and over, or a
 * client that sends it repeatedly, makes no flood of greetings. A greeting counts as an automatic
 * message: a flooding customer gets it only if they got no automatic message within the flood
 * period. Blocked customers never reach here (intake ignores their messages).
 */
@ApplicationScoped
public class Greetings {

  static final String CATEGORY = "greeting";

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TicketIntake intake;
  @Inject CustomerMessages messages;
  @Inject CustomerTexts texts;
  @Inject FloodGuard floods;
  @Inject Outbox outbox;
  @Inject BotStore bots;

  /** Whether a private message's text is the start command, with or without a payload. */
  public static boolean isStart(String text) {
    if (text == null || !text.startsWith("/start")) {
      return false;
    }
    String rest = text.substring("/start".length());
    return rest.isEmpty() || Character.isWhitespace(rest.charAt(0)) || rest.charAt(0) == '@';
  }

  /** What answering a /start did, for the update's outcome. */
  public record Outcome(Long ticketId, String description) {}

  /**
   * Answers a /start in a private chat: the greeting (unless one went out within the repeat
   * period), and a ticket when the bot's admin wants one. Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Outcome start(InboundMessage m) {
    Instant now = clock.instant();
    BotGreeting.Settings settings = settingsOf(m.botId());
    Ticket ticket = settings.startOpensTicket() ? messages.recordPrivateMessage(m) : null;
    Customer customer = intake.upsertCustomer(m.botId(), m.sender(), now);
    String opened = ticket == null ? "no ticket" : "ticket " + ticket.id();
    if (customer.greetedAt() != null
        && now.isBefore(customer.greetedAt().plusSeconds(settings.repeatSeconds()))) {
      return new Outcome(
          ticket == null ? null : ticket.id().value(),
          "/start: greeted at "
              + customer.greetedAt()
              + ", not again within "
              + settings.repeatSeconds()
              + " s; "
              + opened);
    }
    CustomerTexts.Rendered greeting =
        texts.render(
            m.botId(), customer.languageCode(), CustomerText.GREETING, TextValues.of(customer));
    if (!greeting.complete()) {
      return new Outcome(
          ticket == null ? null : ticket.id().value(),
          "/start: greeting not sent: "
              + String.join(", ", greeting.missing().stream().map(n -> "{" + n + "}").toList())
              + " has no value; "
              + opened);
    }
    if (!floods.tryAutomaticMessage(m.botId(), customer.telegramUserId())) {
      return new Outcome(
          ticket == null ? null : ticket.id().value(),
          "/start: greeting withheld: the customer is flooding; " + opened);
    }
    outbox.enqueue(
        OutboundCall.text(
            m.botId(), m.chatId().value(), null, greeting.text(), null, Lane.NOTICE, CATEGORY));
    customer.greeted(now);
    if (ticket != null) {
      em.persist(ConversationMessage.automatic(ticket, greeting.text(), now));
    }
    return new Outcome(
        ticket == null ? null : ticket.id().value(),
        "/start: greeting in " + greeting.language() + "; " + opened);
  }

  /** The bot's greeting settings (the defaults when its admin set none). */
  public BotGreeting.Settings settingsOf(BotId bot) {
    BotGreeting row = em.find(BotGreeting.class, bot.value());
    return row == null ? BotGreeting.DEFAULT : row.settings();
  }

  // --- administration ---

  /** The body of changing a bot's greeting settings; a field left out keeps its value. */
  public record GreetingRequest(
      Boolean startOpensTicket,
      @Min(value = 0, message = "must be 0 to 86400 seconds")
          @Max(value = 86_400, message = "must be 0 to 86400 seconds")
          Integer repeatSeconds) {}

  /** A bot's greeting settings, with who changed them when (null when never set). */
  public record GreetingView(
      long botId,
      boolean startOpensTicket,
      int repeatSeconds,
      Instant updatedAt,
      String updatedBy) {}

  /** 404 for an unknown bot. */
  public GreetingView get(BotId bot) {
    requireBot(bot);
    BotGreeting row = em.find(BotGreeting.class, bot.value());
    BotGreeting.Settings s = row == null ? BotGreeting.DEFAULT : row.settings();
    return new GreetingView(
        bot.value(),
        s.startOpensTicket(),
        s.repeatSeconds(),
        row == null ? null : row.updatedAt(),
        row == null ? null : row.updatedBy());
  }

  /** Changes the bot's settings. 404 for an unknown bot. */
  @Transactional
  public GreetingView change(BotId bot, GreetingRequest request, String by) {
    requireBot(bot);
    BotGreeting row = em.find(BotGreeting.class, bot.value());
    BotGreeting.Settings was = row == null ? BotGreeting.DEFAULT : row.settings();
    if (row == null) {
      row = new BotGreeting(bot.value());
      em.persist(row);
    }
    row.change(
        new BotGreeting.Settings(
            request.startOpensTicket() == null
                ? was.startOpensTicket()
                : request.startOpensTicket(),
            request.repeatSeconds() == null ? was.repeatSeconds() : request.repeatSeconds()),
        by,
        clock.instant());
    em.flush();
    return get(bot);
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from BotGreeting g where g.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }

  private void requireBot(BotId bot) {
    if (bots.find(bot).isEmpty()) {
      throw ProblemException.notFound("no bot " + bot);
    }
  }
}
