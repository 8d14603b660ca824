package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real packets: ping across a veth between two namespaces, through a TC program. */
@RequiresKernel(netns = true)
@Timeout(120)
class TrafficTest {
    @Test
    void dropIcmpThenReplaceWithPass() {
        try (TestNetns a = TestNetns.create();
                TestNetns b = TestNetns.create();
                BpfObject obj = BpfObject.openFile(TestBpf.object("traffic"))) {
            obj.load();
            a.ip("link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b.name());
            a.ip("addr", "add", "192.0.2.1/24", "dev", "va");
            b.ip("addr", "add", "192.0.2.2/24", "dev", "vb");
            a.ip("link", "set", "va", "up");
            b.ip("link", "set", "vb", "up");
            assertTrue(pingOnce(a), "baseline: ping works without a program");

            int vb = Netlink.ifindex(b.netns(), "vb");
            TcFilter f = Tc.attach(b.netns(), vb, TcDirection.INGRESS, obj.program("tc_drop_icmp"), 1, 1, false);
            assertFalse(
                    a.exec("ping", "-c", "2", "-i", "0.2", "-W", "1", "192.0.2.2")
                            .ok(),
                    "ICMP is dropped");

            Tc.attach(b.netns(), vb, TcDirection.INGRESS, obj.program("tc_pass"), 1, 1, true);
            assertTrue(pingOnce(a), "after the atomic replace ping passes");
            assertTrue(Tc.detach(f, true));
        }
    }

    /** Up to three single pings: success is the expected outcome, so a lost first packet is not a failure. */
    private static boolean pingOnce(TestNetns from) {
        for (int i = 0; i < 3; i++) {
            if (from.exec("ping", "-c", "1", "-W", "2", "192.0.2.2").ok()) {
                return true;
            }
        }
        return false;
    }
}
