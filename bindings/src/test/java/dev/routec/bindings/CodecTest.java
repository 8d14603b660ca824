package dev.routec.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void prefixesAreNormalisedAndHostBitsRejected() {
        assertEquals("10.0.0.0/8", Codec.PREFIX4.value(Codec.PREFIX4.element("10.0.0.0/8")));
        assertEquals("192.0.2.1/32", Codec.PREFIX4.value(Codec.PREFIX4.element("192.0.2.1")));
        assertEquals("2001:db8::/32", Codec.PREFIX6.value(Codec.PREFIX6.element("2001:0DB8:0:0::/32")));
        assertEquals(
                "prefix \"10.0.0.1/8\" has host bits set: write 10.0.0.0/8",
                error(() -> Codec.PREFIX4.element("10.0.0.1/8")));
        assertEquals(
                "prefix \"2001:db8::1/64\" has host bits set: write 2001:db8::/64",
                error(() -> Codec.PREFIX6.element("2001:db8::1/64")));
        assertEquals(
                "\"10.0.0.0/33\": prefix length 33 is out of range (an IPv4 prefix length is 0..32)",
                error(() -> Codec.PREFIX4.element("10.0.0.0/33")));
        assertEquals(
                "\"10.0.0.0/x\" is not an IPv4 prefix: the length must be a number 0..32",
                error(() -> Codec.PREFIX4.element("10.0.0.0/x")));
    }

    @Test
    void familiesAreChecked() {
        assertEquals(
                "\"2001:db8::1\" is an IPv6 address; an IPv4 address is required",
                error(() -> Codec.IPV4.element("2001:db8::1")));
        assertEquals(
                "\"10.0.0.1\" is an IPv4 address; an IPv6 address is required",
                error(() -> Codec.IPV6.element("10.0.0.1")));
        assertEquals(
                "\"2001:db8::/32\" is not an IPv4 prefix: \"2001:db8::\" is an IPv6 address; an IPv4 address"
                        + " is required",
                error(() -> Codec.PREFIX4.element("2001:db8::/32")));
        assertEquals(
                "\"10.0.0.256\" is not an IPv4 address (write e.g. 192.0.2.1)",
                error(() -> Codec.IPV4.element("10.0.0.256")));
        assertEquals("::ffff:192.0.2.1", Codec.IPV6.value(Codec.IPV6.element("::ffff:192.0.2.1")));
    }

    @Test
    void integersAreRangeChecked() {
        assertEquals("65536 is out of range for port (0..65535)", error(() -> Codec.PORT.element(65536)));
        assertEquals("-1 is out of range for port (0..65535)", error(() -> Codec.PORT.element(-1)));
        assertEquals("256 is out of range for u8 (0..255)", error(() -> Codec.U8.element(256)));
        assertEquals("4294967296 is out of range for u32 (0..4294967295)", error(() -> Codec.U32.element(1L << 32)));
        assertEquals(4294967295L, Codec.U32.value(Codec.U32.element(4294967295L)));
        assertEquals(-1L, Codec.U64.value(Codec.U64.element(-1L)), "u64 is unsigned in a long");
        assertEquals("02:00:00:00:00:0a", Codec.MAC.value(Codec.MAC.element("02:00:00:00:00:0A")));
        assertEquals(
                "\"02:00\" is not a MAC address (write six hex pairs, e.g. 02:00:00:00:00:01)",
                error(() -> Codec.MAC.element("02:00")));
        assertThrows(NullPointerException.class, () -> Codec.IPV4.element(null));
    }

    @Test
    void bytesAreMapLayouts() {
        // prefix4: __u32 length (host), then the address (net) — ABI §3
        byte[] k = MapLayout.encode(MapLayout.Layout.PREFIX4, Codec.PREFIX4.element("10.1.0.0/16"));
        assertEquals("100000000a010000", HexFormat.of().formatHex(k));
        byte[] p = MapLayout.encode(MapLayout.Layout.PORT, Codec.PORT.element(443));
        assertEquals("bb01", HexFormat.of().formatHex(p));
    }

    @Test
    void poolMembersAreParsedByKind() {
        assertEquals("10.0.1.11", PoolTable.member("10.0.1.11", false).toString());
        assertEquals("10.0.1.11:8080", PoolTable.member("10.0.1.11:8080", true).toString());
        assertEquals(
                "\"10.0.1.11:80\": members of an ipv4 pool have no port; write 10.0.1.11",
                error(() -> PoolTable.member("10.0.1.11:80", false)));
        assertEquals(
                "\"10.0.1.11\": members of an ipv4:port pool need a port; write e.g. 10.0.1.11:80",
                error(() -> PoolTable.member("10.0.1.11", true)));
        assertEquals(
                "\"10.0.1.11:70000\": port 70000 is out of range 0..65535",
                error(() -> PoolTable.member("10.0.1.11:70000", true)));
        assertEquals(
                "\"2001:db8::1\" is an IPv6 address; an IPv4 address is required",
                error(() -> PoolTable.member("2001:db8::1", false)));
    }

    @Test
    void elementsSortNumericallyThenByAddressAndLength() {
        List<Elem> es = List.of(
                Codec.PREFIX4.element("10.0.0.0/16"),
                Codec.PREFIX4.element("9.0.0.0/8"),
                Codec.PREFIX4.element("10.0.0.0/8"),
                Codec.PREFIX4.element("192.0.2.0/24"));
        assertEquals(
                List.of("9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "192.0.2.0/24"),
                es.stream().sorted(Codec.ORDER).map(Object::toString).toList());
        List<Elem> ns = List.of(Codec.U32.element(4000000000L), Codec.U32.element(2L));
        assertEquals(
                List.of("2", "4000000000"),
                ns.stream().sorted(Codec.ORDER).map(Object::toString).toList());
    }

    @Test
    void poolArrangementKeepsIndexesOfStayingMembers() {
        List<Elem> now = List.of(m("10.0.0.1"), m("10.0.0.2"), m("10.0.0.3"), m("10.0.0.4"));
        // removing index 1 moves only the last member, into the hole
        assertEquals(
                List.of(m("10.0.0.1"), m("10.0.0.4"), m("10.0.0.3")),
                PoolTable.arrange(now, List.of(m("10.0.0.1"), m("10.0.0.3"), m("10.0.0.4"))));
        // adding appends
        assertEquals(
                List.of(m("10.0.0.1"), m("10.0.0.2"), m("10.0.0.5")),
                PoolTable.arrange(now.subList(0, 2), List.of(m("10.0.0.5"), m("10.0.0.2"), m("10.0.0.1"))));
        // replacing one member takes its index
        assertEquals(
                List.of(m("10.0.0.1"), m("10.0.0.9"), m("10.0.0.3"), m("10.0.0.4")),
                PoolTable.arrange(now, List.of(m("10.0.0.9"), m("10.0.0.4"), m("10.0.0.3"), m("10.0.0.1"))));
    }

    private static Elem m(String a) {
        return PoolTable.member(a, false);
    }
}
