package dev.routec.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ShrinkerTest {
    static String shrink(String packet, Predicate<String> fails) {
        PacketSpec start = Fixtures.spec(packet);
        Shrinker.Shrunk s = Shrinker.shrink(start, c -> fails.test(PacketPrinter.print(c)), 10_000);
        return PacketPrinter.print(s.spec());
    }

    @Test
    void everythingIrrelevantGoesAway() {
        String big = "eth 0a:00:00:00:00:01 -> 0a:00:00:00:00:02 tcp 10.9.8.7:4321 -> 10.0.0.100:8057 flags syn,ack,psh"
                + " iif \"lan0\" vlan 100 ttl 3 dscp 46 mark 9 payload 300";
        assertEquals("tcp 192.0.2.1:0 -> 192.0.2.2:0", shrink(big, t -> true));
    }

    @Test
    void whatMattersIsKeptAtItsSmallest() {
        String big = "tcp [2001:db8::77]:4321 -> [2001:db8::99]:8057 flags syn,ack vlan 100 payload 300";
        // fails while dport >= 8000, syn is set and the payload is over 10 bytes
        Predicate<String> fails = t -> t.contains("syn") && port(t) >= 8000 && payload(t) > 10;
        assertEquals("tcp 192.0.2.1:0 -> 192.0.2.2:8000 flags syn payload 11", shrink(big, fails));
    }

    @Test
    void prefixMembershipShrinksToTheFirstAddress() {
        // udp becomes tcp, the simplest form that still fails, unless udp is what fails
        assertEquals(
                "tcp 203.0.113.0:0 -> 192.0.2.2:0",
                shrink("udp 203.0.113.77:5 -> 8.8.8.8:53", t -> t.contains(" 203.0.113.")));
        assertEquals(
                "udp 203.0.113.0:0 -> 192.0.2.2:0",
                shrink("udp 203.0.113.77:5 -> 8.8.8.8:53", t -> t.startsWith("udp 203.0.113.")));
    }

    @Test
    void icmpTypeAndCodeShrinkTowardTheDefaultThenZero() {
        assertEquals(
                "icmp 192.0.2.1 -> 192.0.2.2 type 0 code 0",
                shrink("icmp 10.1.1.1 -> 10.2.2.2 type 3 code 4 ttl 9", t -> t.contains(" type ")));
        assertEquals(
                "icmp6 2001:db8::1 -> 2001:db8::2 type 1 code 0",
                shrink("icmp6 2001:db8::5 -> 2001:db8::6 type 1 code 4 len 200", t -> t.contains("type 1 ")));
    }

    @Test
    void shrinkingStopsAtTheBudget() {
        int[] calls = {0};
        Shrinker.shrink(Fixtures.spec("tcp 10.9.8.7:4321 -> 10.0.0.100:8057 payload 300"), c -> ++calls[0] < 0, 7);
        assertEquals(7, calls[0]);
    }

    private static int port(String t) {
        String dst = t.split(" -> ")[1].split(" ")[0];
        return Integer.parseInt(dst.substring(dst.lastIndexOf(':') + 1));
    }

    private static int payload(String t) {
        int i = t.indexOf("payload ");
        return i < 0 ? 0 : Integer.parseInt(t.substring(i + 8).split(" ")[0]);
    }
}
