package io.tgdesk.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerTest {

  private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-12-01T11:00:00Z");

  @Test
  void aMessageWithTheSameNamesLeavesTheRecordAsItWas() {
    Customer c = new Customer(7, sender("Ann", "Lee", "ann", "en"), CREATED);

    c.refresh(sender("Ann", "Lee", "ann", "en"), LATER);

    assertThat(c.updatedAt()).isEqualTo(CREATED);
  }

  @Test
  void aChangedNameIsKeptWithTheTimeOfTheChange() {
    Customer c = new Customer(7, sender("Ann", "Lee", "ann", "en"), CREATED);

    c.refresh(sender("Ann", "Lee-Park", "ann", "en"), LATER);

    assertThat(c.lastName()).isEqualTo("Lee-Park");
    assertThat(c.updatedAt()).isEqualTo(LATER);
  }

  @Test
  void aNewCustomerWithoutNamesStillHasItsTimes() {
    Customer c = new Customer(7, sender(null, null, null, null), CREATED);

    assertThat(c.createdAt()).isEqualTo(CREATED);
    assertThat(c.updatedAt()).isEqualTo(CREATED);
  }

  private static InboundMessage.Sender sender(
      String first, String last, String username, String language) {
    return new InboundMessage.Sender(42, first, last, username, language);
  }
}
