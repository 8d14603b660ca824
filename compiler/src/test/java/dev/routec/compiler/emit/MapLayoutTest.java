package dev.routec.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of the datapath ABI: sizes (as rt_abi.h asserts) and byte layouts. */
class MapLayoutTest {
    static Elem v4(String s) {
        return new Elem.Addr(Ipv4Addr.parse(s).orElseThrow());
    }

    @Test
    void sizesMatchTheAbi() {
        assertEquals(8, Layout.MEMBER.size);
        assertEquals(32, Layout.COUNTER.size);
        assertEquals(16, Layout.CONFIG.size);
        assertEquals(96, Layout.RESULT.size);
        assertEquals(160, Layout.EVENT.size);
        assertEquals(40, Layout.FLOW_KEY.size);
        assertEquals(36, Layout.FLOW_VAL.size);
        assertEquals(44, Layout.BUCKET_KEY.size);
        assertEquals(8, Layout.PREFIX4.size);
        assertEquals(20, Layout.PREFIX6.size);
    }

    @Test
    void elementsEncodeAsDocumented() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, MapLayout.encode(Layout.IPV4, v4("192.0.2.1")));
        byte[] p = MapLayout.encode(
                Layout.PREFIX4,
                new Elem.Pfx(new Prefix(Ipv4Addr.parse("10.0.0.0").orElseThrow(), 8)));
        assertEquals(8, p.length);
        assertEquals(8, MapLayout.readU32(p, 0));
        assertEquals(10, p[4]);
        byte[] host = MapLayout.encode(Layout.PREFIX4, v4("192.0.2.1"));
        assertEquals(32, MapLayout.readU32(host, 0));
        byte[] port = MapLayout.encode(Layout.PORT, new Elem.Int(0x1234));
        assertArrayEquals(
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? new byte[] {0x34, 0x12} : new byte[] {0x12, 0x34},
                port);
        assertArrayEquals(
                MacAddr.parse("02:00:00:00:00:01").orElseThrow().bytes(),
                MapLayout.encode(
                        Layout.MAC,
                        new Elem.Mac(MacAddr.parse("02:00:00:00:00:01").orElseThrow())));
        assertArrayEquals(
                new byte[] {10, 0, 0, 1, 0x1f, (byte) 0x90, 0, 0},
                MapLayout.member(new Elem.AddrPort(Ipv4Addr.parse("10.0.0.1").orElseThrow(), 8080)));
    }

    @Test
    void everyElementLayoutRoundTrips() {
        List<Object[]> cases = List.of(
                new Object[] {Layout.IPV4, v4("203.0.113.7")},
                new Object[] {
                    Layout.IPV6, new Elem.Addr(Ipv6Addr.parse("2001:db8::1").orElseThrow())
                },
                new Object[] {
                    Layout.PREFIX6,
                    new Elem.Pfx(new Prefix(Ipv6Addr.parse("2001:db8::").orElseThrow(), 32))
                },
                new Object[] {Layout.PORT, new Elem.Int(65535)},
                new Object[] {Layout.U8, new Elem.Int(255)},
                new Object[] {Layout.U16, new Elem.Int(65535)},
                new Object[] {Layout.U32, new Elem.Int(0xffffffffL)},
                new Object[] {Layout.U64, new Elem.Int(-1L)},
                new Object[] {Layout.MAC, new Elem.Mac(new MacAddr(0x0200000000ffL))},
                new Object[] {Layout.MEMBER, v4("10.0.0.2")});
        for (Object[] c : cases) {
            Layout l = (Layout) c[0];
            Elem e = (Elem) c[1];
            byte[] b = MapLayout.encode(l, e);
            assertEquals(l.size, b.length, l.toString());
            assertEquals(e, MapLayout.decode(l, b), l.toString());
        }
    }

    @Test
    void configAndResult() {
        byte[] c = MapLayout.config(5, MapLayout.CFG_SIM, 7);
        assertEquals(5, MapLayout.readU64(c, 0));
        assertEquals(1, MapLayout.readU32(c, 8));
        assertEquals(7, MapLayout.readU32(c, 12));
        byte[] r = new byte[96];
        r[8] = 2;
        java.nio.ByteBuffer.wrap(r)
                .order(MapLayout.HOST)
                .putInt(4, 3)
                .putShort(10, (short) 1)
                .putInt(16, 1)
                .putInt(24, 3)
                .putShort(28, (short) 1)
                .putShort(30, (short) 0)
                .putInt(88, 4);
        MapLayout.RunResult rr = MapLayout.decodeResult(r);
        assertEquals(3, rr.rule());
        assertEquals(2, rr.verdict());
        assertEquals(1, rr.iface().orElseThrow());
        assertEquals(List.of(new MapLayout.ResultEffect(3, 1, 0)), rr.effects());
        assertEquals(4, rr.counted());
    }
}
