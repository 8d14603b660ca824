package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel(netns = true)
@Timeout(60)
class TcAttachTest {
    private TestNetns ns;
    private BpfObject obj;
    private int ifindex;

    @BeforeAll
    static void sweep() {
        TestNetns.sweepStale();
    }

    @BeforeEach
    void setUp() {
        ns = TestNetns.create();
        ns.ip("link", "add", "ta", "type", "veth", "peer", "name", "tb");
        ns.ip("link", "set", "ta", "up");
        ifindex = Netlink.ifindex(ns.netns(), "ta");
        obj = BpfObject.openFile(TestBpf.object("traffic"));
        obj.load();
    }

    @AfterEach
    void tearDown() {
        try {
            obj.close();
        } finally {
            ns.close();
        }
    }

    @Test
    void attachReplaceQueryDetach() {
        BpfProgram drop = obj.program("tc_drop_icmp");
        BpfProgram pass = obj.program("tc_pass");
        TcFilter f = Tc.attach(ns.netns(), ifindex, TcDirection.INGRESS, drop, 1, 1, false);
        assertTrue(f.createdHook(), "no clsact before: routec created it");
        assertEquals(drop.id(), f.programId());
        assertEquals(drop.id(), Tc.query(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));
        assertEquals(0, Tc.query(ns.netns(), ifindex, TcDirection.EGRESS, 1, 1));

        BpfException dup = assertThrows(
                BpfException.class, () -> Tc.attach(ns.netns(), ifindex, TcDirection.INGRESS, pass, 1, 1, false));
        assertEquals(Errno.EEXIST, dup.errno());

        TcFilter r = Tc.attach(ns.netns(), ifindex, TcDirection.INGRESS, pass, 1, 1, true);
        assertFalse(r.createdHook(), "the hook existed by then");
        assertEquals(pass.id(), Tc.query(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));

        assertTrue(Tc.detach(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));
        assertFalse(Tc.detach(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));
        assertEquals(0, Tc.query(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));
        assertTrue(ns.tc("qdisc", "show", "dev", "ta").contains("clsact"), "detach leaves the qdisc");

        assertFalse(Tc.detach(f, true));
        assertFalse(ns.tc("qdisc", "show", "dev", "ta").contains("clsact"), "removed: routec created it");
    }

    @Test
    void aForeignClsactIsNeverRemoved() {
        ns.tc("qdisc", "add", "dev", "ta", "clsact");
        TcFilter f = Tc.attach(ns.netns(), ifindex, TcDirection.EGRESS, obj.program("tc_pass"), 7, 3, false);
        assertFalse(f.createdHook());
        assertEquals(7, f.handle());
        assertEquals(3, f.priority());
        assertTrue(Tc.detach(f, true));
        assertTrue(ns.tc("qdisc", "show", "dev", "ta").contains("clsact"));
    }

    @Test
    void queryAndDetachWithoutAnyClsactReportAbsence() {
        assertEquals(0, Tc.query(ns.netns(), ifindex, TcDirection.INGRESS, 1, 1));
        assertFalse(Tc.detach(ns.netns(), ifindex, TcDirection.EGRESS, 1, 1));
    }

    @Test
    void kernelChosenHandleAndPriorityAreReported() {
        TcFilter f = Tc.attach(ns.netns(), ifindex, TcDirection.INGRESS, obj.program("tc_pass"), 0, 0, false);
        assertTrue(f.handle() != 0 && f.priority() != 0, f.toString());
        assertEquals(f.programId(), Tc.query(ns.netns(), ifindex, TcDirection.INGRESS, f.handle(), f.priority()));
        assertTrue(Tc.detach(f, true));
    }

    @Test
    void errorsNameTheNamespaceAndDevice() {
        BpfException e = assertThrows(
                BpfException.class,
                () -> Tc.attach(ns.netns(), 999_999, TcDirection.INGRESS, obj.program("tc_pass"), 1, 1, false));
        assertTrue(e.getMessage().contains("ifindex 999999") && e.getMessage().contains(ns.name()), e.getMessage());
        BpfException noNs = assertThrows(
                BpfException.class,
                () -> Tc.query(NetNs.named("routec-rt-does-not-exist"), 1, TcDirection.INGRESS, 1, 1));
        assertEquals(Errno.ENOENT, noNs.errno());
    }

    @Test
    void netlinkNamesAndIndexesInsideTheNamespace() {
        assertEquals("ta", Netlink.ifname(ns.netns(), ifindex));
        assertEquals(1, Netlink.ifindex(ns.netns(), "lo"));
        BpfException e = assertThrows(BpfException.class, () -> Netlink.ifindex(ns.netns(), "nonexistent0"));
        assertEquals(Errno.ENODEV, e.errno());
    }

    @Test
    void tcxLinkAttachesAndUpdates() {
        BpfProgram drop = obj.program("tc_drop_icmp");
        BpfProgram pass = obj.program("tc_pass");
        try (BpfLink link = BpfLink.tcx(ns.netns(), ifindex, TcDirection.INGRESS, drop)) {
            assertEquals(drop.id(), link.programId());
            link.update(pass, drop);
            assertEquals(pass.id(), link.programId());
            assertThrows(BpfException.class, () -> link.update(drop, drop), "stale expected program");
        }
    }
}
