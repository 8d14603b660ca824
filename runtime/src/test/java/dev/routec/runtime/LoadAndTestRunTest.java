package dev.routec.runtime;

import static dev.routec.runtime.TestBpf.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel
@Timeout(60)
class LoadAndTestRunTest {
    private BpfObject obj;

    @BeforeEach
    void load() {
        obj = BpfObject.openFile(object("classify"));
        obj.load();
    }

    @AfterEach
    void close() {
        obj.close();
    }

    @Test
    void listsProgramsAndMapsWithKernelInfo() {
        assertEquals(List.of("tc_classify", "xdp_classify", "xdp_pass"), obj.programNames());
        assertTrue(obj.mapNames().containsAll(List.of("routes", "proto_marks", "counters", "rt_pinned_cfg")));
        BpfProgram tc = obj.program("tc_classify");
        assertEquals(ProgramType.SCHED_CLS, tc.type());
        assertEquals(ProgramType.XDP, obj.program("xdp_classify").type());
        assertTrue(tc.id() > 0 && tc.fd() > 0);
        assertTrue(tc.verifiedInstructions() > 0);
        BpfMap routes = obj.map("routes");
        assertEquals(MapType.LPM_TRIE, routes.type());
        assertEquals(8, routes.keySize());
        assertEquals(8, routes.valueSize());
        assertEquals(64, routes.maxEntries());
        assertEquals(3, obj.programs().size());
        assertSame(tc, obj.program("tc_classify"));
    }

    @Test
    void unknownNamesAreReportedWithTheAvailableOnes() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> obj.program("nope"));
        assertTrue(e.getMessage().contains("tc_classify"), e.getMessage());
        assertTrue(obj.findMap("nope").isEmpty());
    }

    @Test
    void tcVerdictAndMarkFollowTheMaps() {
        BpfProgram tc = obj.program("tc_classify");
        byte[] udp = Packets.ipv4("10.0.0.1", "10.1.2.3", Packets.UDP, 8);

        TestRunResult plain = tc.testRun(TestRunRequest.of(udp));
        assertEquals(TC_ACT_OK, plain.retval());
        assertEquals(0, plain.mark());
        assertArrayEquals(udp, plain.data());

        obj.map("proto_marks").update(u32(Packets.UDP), u32(17));
        assertEquals(17, tc.testRun(TestRunRequest.of(udp)).mark());

        obj.map("routes").update(lpmKey(16, "10.1.0.0"), route(ACT_DROP, 7));
        TestRunResult dropped = tc.testRun(TestRunRequest.of(udp));
        assertEquals(TC_ACT_SHOT, dropped.retval());
        assertEquals(7, dropped.mark());

        TestRunResult other = tc.testRun(TestRunRequest.of(Packets.ipv4("10.0.0.1", "10.2.0.1", Packets.ICMP, 8)));
        assertEquals(TC_ACT_OK, other.retval());
        assertEquals(TC_ACT_OK, tc.testRun(TestRunRequest.of(Packets.arp())).retval());
    }

    @Test
    void skbContextGoesInAndComesBack() {
        BpfProgram tc = obj.program("tc_classify");
        byte[] udp = Packets.ipv4("10.0.0.1", "10.9.9.9", Packets.UDP, 8);
        TestRunResult r = tc.testRun(TestRunRequest.of(udp).withSkb(new SkbContext(99, 5, 0, 0)));
        assertEquals(0, r.mark(), "the program overwrites the mark with the protocol's (none)");
        assertEquals(5, r.skb().orElseThrow().priority());
    }

    @Test
    void xdpVerdictsAndOutputPacket() {
        BpfProgram xdp = obj.program("xdp_classify");
        BpfMap routes = obj.map("routes");
        byte[] pkt = Packets.ipv4("10.0.0.1", "192.0.2.9", Packets.UDP, 8);
        assertEquals(XDP_PASS, xdp.testRun(TestRunRequest.of(pkt)).retval());

        routes.update(lpmKey(24, "192.0.2.0"), route(ACT_DROP, 0));
        assertEquals(XDP_DROP, xdp.testRun(TestRunRequest.of(pkt)).retval());

        routes.update(lpmKey(24, "192.0.2.0"), route(ACT_REFLECT, 0));
        TestRunResult tx = xdp.testRun(TestRunRequest.of(pkt));
        assertEquals(XDP_TX, tx.retval());
        byte[] out = tx.data();
        assertArrayEquals(Packets.SRC_MAC, Arrays.copyOfRange(out, 0, 6), "MACs swapped");
        assertArrayEquals(Packets.DST_MAC, Arrays.copyOfRange(out, 6, 12));
        assertArrayEquals(Arrays.copyOfRange(pkt, 12, pkt.length), Arrays.copyOfRange(out, 12, out.length));
        assertTrue(tx.skb().isEmpty());
    }

    @Test
    void repeatRunsCountOnePerRunInThePerCpuCounter() {
        BpfProgram tc = obj.program("tc_classify");
        BpfMap counters = obj.map("counters");
        byte[] pkt = Packets.ipv4("10.0.0.1", "10.0.0.2", Packets.UDP, 8);
        long before = sum(counters.lookupPerCpu(u32(0)).orElseThrow());
        TestRunResult r = tc.testRun(TestRunRequest.of(pkt).withRepeat(100));
        assertEquals(TC_ACT_OK, r.retval());
        assertTrue(r.durationNs() >= 0);
        assertEquals(before + 100, sum(counters.lookupPerCpu(u32(0)).orElseThrow()));
    }

    @Test
    void tooSmallOutputBufferIsAClearError() {
        byte[] pkt = Packets.ipv4("10.0.0.1", "10.0.0.2", Packets.UDP, 8);
        BpfException e = assertThrows(BpfException.class, () -> obj.program("tc_classify")
                .testRun(TestRunRequest.of(pkt).withDataOutSize(20)));
        assertEquals(Errno.ENOSPC, e.errno());
        assertTrue(e.getMessage().contains("output buffer"), e.getMessage());
    }

    @Test
    void openFromMemoryAndUseAfterCloseThrows() {
        BpfProgram p;
        try (BpfObject mem = BpfObject.open(bytes("traffic"))) {
            assertThrows(IllegalStateException.class, () -> mem.program("tc_pass"), "not loaded yet");
            mem.load();
            p = mem.program("tc_pass");
            assertEquals(TC_ACT_OK, p.testRun(TestRunRequest.of(Packets.arp())).retval());
            assertThrows(IllegalStateException.class, mem::load);
        }
        assertThrows(IllegalStateException.class, p::fd);
    }

    @Test
    void garbageElfIsRejectedAtOpen() {
        BpfException e = assertThrows(BpfException.class, () -> BpfObject.open(new byte[] {1, 2, 3, 4}));
        assertTrue(e.errno() > 0);
        assertTrue(e.getMessage().startsWith("open BPF object"), e.getMessage());
    }

    @Test
    void closingReleasesEveryFileDescriptor() throws IOException {
        obj.close();
        int before = openFds();
        for (int i = 0; i < 20; i++) {
            try (BpfObject o = BpfObject.openFile(object("classify"))) {
                o.load();
                assertEquals(3, o.programs().size());
                try (BpfProgram p = BpfProgram.fromId(o.program("xdp_pass").id());
                        BpfMap m = BpfMap.fromId(o.map("routes").id())) {
                    assertTrue(p.fd() > 0 && m.fd() > 0);
                }
            }
            try (BpfObject bad = BpfObject.openFile(object("rejected"))) {
                assertThrows(BpfException.class, bad::load);
            }
        }
        assertTrue(openFds() <= before + 2, "fds before " + before + ", after " + openFds());
    }

    private static int openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    private static long sum(byte[][] perCpu) {
        return Arrays.stream(perCpu).mapToLong(TestBpf::u64).sum();
    }
}
