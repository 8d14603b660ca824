package dev.routec.compiler.datapath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    static final IpAddr C = v4("192.0.2.7"), A = v4("10.0.0.100"), B = v4("10.0.1.11"), T = v4("198.51.100.1");

    @Test
    void dnatReplyGetsTheVipBack() {
        FlowTable ft = new FlowTable();
        var original = new FlowTable.Tuple(C, 40000, A, 80, 6);
        var translated = new FlowTable.Tuple(C, 40000, B, 8080, 6);
        ft.record(original, translated);
        var reply = new FlowTable.Tuple(B, 8080, C, 40000, 6);
        assertEquals(Optional.of(new FlowTable.Tuple(A, 80, C, 40000, 6)), ft.lookup(reply));
        assertEquals(Optional.empty(), ft.lookup(new FlowTable.Tuple(B, 8080, C, 40000, 17)), "same proto only");
        assertEquals(Optional.empty(), ft.lookup(translated), "the forward direction is not an entry");
    }

    @Test
    void snatAndDnatCompose() {
        FlowTable ft = new FlowTable();
        ft.record(new FlowTable.Tuple(C, 40000, A, 80, 6), new FlowTable.Tuple(T, 1000, B, 8080, 6));
        assertEquals(
                Optional.of(new FlowTable.Tuple(A, 80, C, 40000, 6)),
                ft.lookup(new FlowTable.Tuple(B, 8080, T, 1000, 6)));
    }

    @Test
    void identicalTuplesRecordNothing() {
        FlowTable ft = new FlowTable();
        var t = new FlowTable.Tuple(C, 1, A, 2, 17);
        ft.record(t, t);
        assertEquals(0, ft.size());
    }

    @Test
    void leastRecentlyUsedIsEvicted() {
        FlowTable ft = new FlowTable(2);
        var o = new FlowTable.Tuple(C, 1, A, 80, 6);
        ft.record(o, new FlowTable.Tuple(C, 1, B, 80, 6));
        ft.record(o, new FlowTable.Tuple(C, 1, T, 80, 6));
        ft.lookup(new FlowTable.Tuple(B, 80, C, 1, 6)); // touch the first
        ft.record(o, new FlowTable.Tuple(C, 1, v4("10.9.9.9"), 80, 6));
        assertEquals(2, ft.size());
        assertTrue(ft.lookup(new FlowTable.Tuple(B, 80, C, 1, 6)).isPresent());
        assertTrue(ft.lookup(new FlowTable.Tuple(T, 80, C, 1, 6)).isEmpty());
        assertEquals(65536, FlowTable.CAPACITY);
    }

    @Test
    void keyAndValueLayouts() {
        var t = new FlowTable.Tuple(C, 0x1234, A, 80, 6);
        byte[] k = t.encodeKey();
        byte[] want = new byte[40];
        want[0] = 4;
        want[1] = 6;
        want[2] = 0x12;
        want[3] = 0x34;
        want[5] = 80;
        System.arraycopy(C.bytes(), 0, want, 8, 4);
        System.arraycopy(A.bytes(), 0, want, 24, 4);
        assertArrayEquals(want, k);
        byte[] v = t.encodeValue();
        byte[] wantV = new byte[36];
        System.arraycopy(C.bytes(), 0, wantV, 0, 4);
        System.arraycopy(A.bytes(), 0, wantV, 16, 4);
        wantV[32] = 0x12;
        wantV[33] = 0x34;
        wantV[35] = 80;
        assertArrayEquals(wantV, v);
        IpAddr s6 = Ipv6Addr.parse("2001:db8::1").orElseThrow();
        byte[] k6 = new FlowTable.Tuple(s6, 0, s6, 0, 58).encodeKey();
        assertEquals(6, k6[0]);
        assertEquals(58, k6[1]);
        assertEquals(0x20, k6[8]);
        assertEquals(1, k6[23]);
        assertEquals(1, k6[39]);
    }

    private static IpAddr v4(String s) {
        return Ipv4Addr.parse(s).orElseThrow();
    }
}
