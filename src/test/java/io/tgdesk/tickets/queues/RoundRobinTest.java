package io.tgdesk.tickets.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

  static final List<String> MEMBERS = List.of("alice", "bob", "carol");

  @Test
  void theTurnPassesToTheNextMemberInTheQueuesOrder() {
    assertThat(RoundRobin.next(MEMBERS, "alice", MEMBERS)).contains("bob");
    assertThat(RoundRobin.next(MEMBERS, "bob", MEMBERS)).contains("carol");
  }

  @Test
  void afterTheLastMemberTheTurnStartsOver() {
    assertThat(RoundRobin.next(MEMBERS, "carol", MEMBERS)).contains("alice");
  }

  @Test
  void anAwayMemberIsSkipped() {
    assertThat(RoundRobin.next(MEMBERS, "alice", List.of("alice", "carol"))).contains("carol");
  }

  @Test
  void withoutAnyoneServedYetTheFirstOnlineMemberHasTheTurn() {
    assertThat(RoundRobin.next(MEMBERS, null, List.of("bob", "carol"))).contains("bob");
  }

  @Test
  void aLastAssigneeNoLongerAMemberStartsTheTurnAtTheFirstMember() {
    assertThat(RoundRobin.next(MEMBERS, "dave", MEMBERS)).contains("alice");
  }

  @Test
  void theOnlyOnlineMemberGetsEveryTicketEvenRightAfterTheirOwn() {
    assertThat(RoundRobin.next(MEMBERS, "bob", List.of("bob"))).contains("bob");
  }

  @Test
  void nobodyOnlineMeansNobodyIsAssigned() {
    assertThat(RoundRobin.next(MEMBERS, "alice", List.of())).isEmpty();
  }

  @Test
  void turnsSpreadTicketsEvenlyOverTheOnlineMembers() {
    List<String> online = List.of("alice", "carol");
    List<String> served = new ArrayList<>();
    String last = null;
    for (int i = 0; i < 6; i++) {
      Optional<String> next = RoundRobin.next(MEMBERS, last, online);
      last = next.orElseThrow();
      served.add(last);
    }
    assertThat(served).containsExactly("alice", "carol", "alice", "carol", "alice", "carol");
  }
}
