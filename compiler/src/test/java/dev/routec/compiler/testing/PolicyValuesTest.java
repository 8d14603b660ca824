package dev.routec.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.Field;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValuesTest {
    static final PolicyValues VALUES = new PolicyValues(Fixtures.policy("""
            policy p {
              const web = {80, 8000..8099}
              set nets : prefix4 = {203.0.113.0/24}
              pool backends : ipv4:port = {10.10.0.2:8080}
              rule a when dport in web and src in nets do dnat to backends, pass
              rule b when ip.ttl < 10 and iif == "lan0" do drop
              rule c when dst == 2001:db8::1 do drop
              rule d when dport == 0 do drop
            }
            """));

    static Pick.Num num(long v) {
        return Pick.Num.of(v);
    }

    static Pick.Addr addr(String a) {
        return new Pick.Addr(Ipv4Addr.parse(a).orElseThrow());
    }

    @Test
    void integersComeWithTheirBoundaries() {
        assertEquals(
                List.of(
                        num(79),
                        num(80),
                        num(81),
                        num(7999),
                        num(8000),
                        num(8099),
                        num(8100),
                        new Pick.Num(8000, 8099),
                        num(0),
                        num(1)),
                VALUES.field(Field.DPORT));
        assertEquals(List.of(num(9), num(10), num(11)), VALUES.field(Field.IP_TTL));
        assertEquals(List.of(new Pick.Name("lan0")), VALUES.field(Field.IIF));
    }

    @Test
    void prefixesComeWithTheirEdgesAndTheAddressesOutside() {
        Prefix p = new Prefix(Ipv4Addr.parse("203.0.113.0").orElseThrow(), 24);
        assertEquals(
                List.of(
                        addr("203.0.112.255"),
                        addr("203.0.113.0"),
                        new Pick.Net(p),
                        addr("203.0.113.255"),
                        addr("203.0.114.0")),
                VALUES.field(Field.SRC));
    }

    @Test
    void declarationsFeedTheGlobalPools() {
        assertTrue(VALUES.addresses(false).contains(addr("10.10.0.2")));
        assertTrue(VALUES.addresses(false).contains(addr("10.10.0.3")));
        assertTrue(VALUES.ports().contains(num(8080)));
        assertEquals(3, VALUES.addresses(true).size());
        assertEquals(0, VALUES.onlyFamily());
    }
}
