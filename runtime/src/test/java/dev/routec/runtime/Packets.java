package dev.routec.runtime;

import java.nio.ByteBuffer;

/** Crafted Ethernet/IPv4 packets for BPF_PROG_TEST_RUN. */
final class Packets {
    private Packets() {}

    static final byte[] DST_MAC = {2, 0, 0, 0, 0, 2};
    static final byte[] SRC_MAC = {2, 0, 0, 0, 0, 1};
    static final int UDP = 17;
    static final int ICMP = 1;

    /** Ethernet + IPv4 (valid checksum) + {@code payload} bytes of zeros (a UDP/ICMP header's room). */
    static byte[] ipv4(String src, String dst, int protocol, int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + payload);
        b.put(DST_MAC).put(SRC_MAC).putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload));
        b.putShort((short) 1).putShort((short) 0x4000); // id, DF
        b.put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.put(ipv4Address(src)).put(ipv4Address(dst));
        b.putShort(ipStart + 10, checksum(b.array(), ipStart, 20));
        return b.array();
    }

    /** A 60-byte ARP frame: not IPv4. */
    static byte[] arp() {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put(DST_MAC).put(SRC_MAC).putShort((short) 0x0806);
        return b.array();
    }

    static byte[] ipv4Address(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(parts[i]);
        }
        return a;
    }

    private static short checksum(byte[] data, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
