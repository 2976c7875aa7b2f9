package io.tgdesk.tickets.canned;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.TicketStatus;
import org.junit.jupiter.api.Test;

/** What each placeholder stands for on a ticket, and what a missing value becomes. */
class CannedResponsesTest {

  static final CannedTemplate ALL =
      CannedTemplate.parse(
          "{customer.first_name}|{customer.last_name}|{customer.name}|{customer.username}"
              + "|{ticket.id}|{ticket.subject}|{ticket.status}|{agent.name}|{queue.name}");

  @Test
  void aTicketWithEverythingKnownRendersEveryValue() {
    var ann = new InboundMessage.Sender(7, "Ann", "Lee", "annlee", "en");

    String text =
        ALL.render(
            CannedResponses.values(42, "Parcel", TicketStatus.PENDING, "billing", ann, "bob"),
            null);

    assertThat(text).isEqualTo("Ann|Lee|Ann Lee|@annlee|42|Parcel|pending|bob|billing");
  }

  @Test
  void aCustomerWithoutFirstNameIsGreetedByTheirDisplayName() {
    var anon = new InboundMessage.Sender(7, null, null, "ghost", "en");

    String text =
        CannedTemplate.parse("Hi {customer.first_name|there}")
            .render(CannedResponses.values(1, null, TicketStatus.OPEN, null, anon, "bob"), null);

    assertThat(text).isEqualTo("Hi @ghost");
  }

  @Test
  void aTicketWithoutCustomerQueueOrSubjectRendersFallbacksOrNothing() {
    var values = CannedResponses.values(5, null, TicketStatus.OPEN, null, null, "bob");

    assertThat(ALL.render(values, null)).isEqualTo("||||5||open|bob|");
    assertThat(
            CannedTemplate.parse("Hi {customer.first_name|there}, queue {queue.name|general}")
                .render(values, null))
        .isEqualTo("Hi there, queue general");
  }
}
