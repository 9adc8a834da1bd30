package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final String PROXY = "10.0.0.5";

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
    ClientAddress none = new ClientAddress(TrustedProxies.none());

    assertThat(none.of("198.51.100.7", List.of("203.0.113.1"))).isEqualTo("198.51.100.7");
  }

  @Test
  void behindNamedProxiesTheRightMostUntrustedEntryIsTheClient() {
    ClientAddress named = new ClientAddress(TrustedProxies.at(List.of("10.0.0.0/8")));

    // the client wrote 203.0.113.1 itself; our proxies appended 198.51.100.7 and 10.0.0.9
    assertThat(named.of(PROXY, List.of("203.0.113.1, 198.51.100.7, 10.0.0.9"))).isEqualTo("198.51.100.7");
    assertThat(named.of(PROXY, List.of("203.0.113.1", "198.51.100.7"))).isEqualTo("198.51.100.7");
  }

  @Test
  void aPeerThatIsNoTrustedProxyIsTheClientEvenWithAHeader() {
    ClientAddress named = new ClientAddress(TrustedProxies.at(List.of("10.0.0.0/8")));

    assertThat(named.of("198.51.100.7", List.of("203.0.113.1"))).isEqualTo("198.51.100.7");
  }

  @Test
  void garbageInTheChainStopsTheWalkAtTheLastAddressTrusted() {
    ClientAddress named = new ClientAddress(TrustedProxies.at(List.of("10.0.0.0/8")));

    assertThat(named.of(PROXY, List.of("203.0.113.1, evil.example, 10.0.0.9"))).isEqualTo("10.0.0.9");
    assertThat(named.of(PROXY, List.of())).isEqualTo(PROXY);
  }

  @Test
  void countedHopsTakeTheEntryThatManyFromTheRight() {
    assertThat(new ClientAddress(TrustedProxies.hops(1)).of(PROXY, List.of("203.0.113.1, 198.51.100.7")))
        .isEqualTo("198.51.100.7");
    assertThat(new ClientAddress(TrustedProxies.hops(2)).of(PROXY, List.of("203.0.113.1, 198.51.100.7, 10.0.0.9")))
        .isEqualTo("198.51.100.7");
    assertThat(new ClientAddress(TrustedProxies.hops(3)).of(PROXY, List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(new ClientAddress(TrustedProxies.hops(1)).of(PROXY, List.of())).isEqualTo(PROXY);
  }

  @Test
  void entriesAreIpLiteralsWithOrWithoutPortsNeverNamesToResolve() {
    assertThat(ClientAddress.literal("198.51.100.7:4711")).map(a -> a.getHostAddress()).contains("198.51.100.7");
    assertThat(ClientAddress.literal("[2001:db8::1]:443")).map(a -> a.getHostAddress()).contains("2001:db8:0:0:0:0:0:1");
    assertThat(ClientAddress.literal("2001:db8::1")).isPresent();
    assertThat(ClientAddress.literal("localhost")).isEmpty();
    assertThat(ClientAddress.literal("cafe")).isEmpty();
    assertThat(ClientAddress.literal("999.1.1.1")).isEmpty();
    assertThat(ClientAddress.literal("unknown")).isEmpty();
  }
}
