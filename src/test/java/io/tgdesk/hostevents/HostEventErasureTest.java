package io.tgdesk.hostevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HostEventErasureTest {

  @Test
  void anEventCarryingAnErasedMessageOrNamingTheCustomerAsTheTicketsIsForgotten() {
    String message =
        "{\"type\":\"message.received\",\"ticket\":{\"id\":4,\"customer\":{\"id\":9}},"
            + "\"message\":{\"id\":31,\"text\":\"hi\"}}";
    String created = "{\"type\":\"ticket.created\",\"ticket\":{\"id\":4,\"customer\":{\"id\":7}}}";
    String noCustomer = "{\"type\":\"ticket.created\",\"ticket\":{\"id\":4}}";

    assertThat(HostEventErasure.carriesOneOf(message, Set.of(31L), 7)).isTrue();
    assertThat(HostEventErasure.carriesOneOf(message, Set.of(32L), 7)).isFalse();
    assertThat(HostEventErasure.carriesOneOf(created, Set.of(), 7)).isTrue();
    assertThat(HostEventErasure.carriesOneOf(created, Set.of(), 8)).isFalse();
    assertThat(HostEventErasure.carriesOneOf(noCustomer, Set.of(4L), 7)).isFalse();
  }
}
