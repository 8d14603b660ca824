package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel(netns = true)
@Timeout(60)
class XdpAttachTest {
    private TestNetns ns;
    private BpfObject obj;
    private PinDir pins;
    private int ifindex;

    @BeforeEach
    void setUp() {
        ns = TestNetns.create();
        ns.ip("link", "add", "xa", "type", "veth", "peer", "name", "xb");
        ns.ip("link", "set", "xa", "up");
        ns.ip("link", "set", "xb", "up");
        ifindex = Netlink.ifindex(ns.netns(), "xa");
        obj = BpfObject.openFile(TestBpf.object("classify"));
        obj.load();
        pins = new PinDir();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            obj.close();
        } finally {
            try {
                pins.close();
            } finally {
                ns.close();
            }
        }
    }

    @Test
    void attachReplaceDetachInSkbMode() {
        BpfProgram classify = obj.program("xdp_classify");
        BpfProgram pass = obj.program("xdp_pass");
        Xdp.attach(ns.netns(), ifindex, classify, XdpMode.SKB);
        assertEquals(classify.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.SKB));
        assertEquals(classify.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO));
        assertEquals(0, Xdp.queryId(ns.netns(), ifindex, XdpMode.DRIVER));

        assertEquals(
                Errno.EBUSY,
                assertThrows(BpfException.class, () -> Xdp.attach(ns.netns(), ifindex, pass, XdpMode.SKB))
                        .errno());

        Xdp.replace(ns.netns(), ifindex, pass, classify, XdpMode.SKB);
        assertEquals(pass.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.SKB));
        BpfException stale = assertThrows(
                BpfException.class, () -> Xdp.replace(ns.netns(), ifindex, classify, classify, XdpMode.SKB));
        assertEquals(Errno.EEXIST, stale.errno());

        Xdp.detach(ns.netns(), ifindex, XdpMode.SKB);
        assertEquals(0, Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO));
    }

    @Test
    void linkUpdatePinAndDetachOnLastClose() {
        BpfProgram classify = obj.program("xdp_classify");
        BpfProgram pass = obj.program("xdp_pass");
        try (BpfLink link = BpfLink.xdp(ns.netns(), ifindex, classify, XdpMode.SKB)) {
            assertTrue(link.id() > 0);
            assertEquals(classify.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO));
            link.update(pass);
            assertEquals(pass.id(), link.programId());
            assertEquals(pass.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO));
            link.pin(pins.resolve("link"));
        }
        assertEquals(pass.id(), Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO), "the pin keeps it attached");
        try (BpfLink again = BpfLink.fromPin(pins.resolve("link"))) {
            assertEquals(pass.id(), again.programId());
            assertTrue(Bpf.unpin(pins.resolve("link")));
        }
        assertEquals(0, Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO), "last reference gone: detached");
    }

    @Test
    void linkDetachEndsTheAttachmentAtOnce() {
        try (BpfLink link = BpfLink.xdp(ns.netns(), ifindex, obj.program("xdp_pass"), XdpMode.SKB)) {
            link.detach();
            assertEquals(0, Xdp.queryId(ns.netns(), ifindex, XdpMode.AUTO));
        }
    }

    @Test
    void testRunWithIngressIfindexContext() {
        BpfProgram pass = obj.program("xdp_pass");
        TestRunResult r = pass.testRun(TestRunRequest.of(Packets.arp()).withXdp(new XdpContext(1, 0)));
        assertEquals(TestBpf.XDP_PASS, r.retval());
        assertEquals(1, r.xdp().orElseThrow().ingressIfindex());
    }
}
