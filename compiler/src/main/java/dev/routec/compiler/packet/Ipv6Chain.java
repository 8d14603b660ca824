package dev.routec.compiler.packet;

/**
 * The result of walking the IPv6 extension headers of a packet by the rules of {@link PacketView}: at most
 * {@link #MAX_EXTENSIONS} headers among hop-by-hop (0), routing (43), fragment (44) and destination options
 * (60) are skipped, each must be fully present; a fragment header with a non-zero offset ends the walk
 * (what follows is fragment data, its next-header value is the protocol).
 *
 * @param proto the protocol after the extension headers, or -1 when it cannot be determined (more than
 *     four extension headers, or one of them not fully present)
 * @param dataOffset offset of the bytes after the last skipped header (the L4 header, or the fragment
 *     data of a non-first fragment); meaningful only when {@code proto >= 0}
 * @param fragmentHeader whether a fragment header was seen
 * @param fragmentOffset its fragment offset in 8-byte units (0 when none)
 * @param moreFragments its M flag
 */
record Ipv6Chain(int proto, int dataOffset, boolean fragmentHeader, int fragmentOffset, boolean moreFragments) {
    static final int MAX_EXTENSIONS = 4;

    /** Walks from the next-header field of the fixed header at {@code l3off}; needs the 40-byte header present. */
    static Ipv6Chain walk(byte[] b, int l3off) {
        int next = Wire.u8(b, l3off + 6);
        int pos = l3off + Wire.IPV6_HEADER;
        boolean frag = false;
        int fragOffset = 0;
        boolean more = false;
        for (int count = 0; Wire.isIpv6Extension(next); count++) {
            if (count == MAX_EXTENSIONS) return absent(frag, fragOffset, more);
            int size = extensionSize(b, pos, next);
            if (size < 0) return absent(frag, fragOffset, more);
            if (next == Wire.PROTO_FRAGMENT) {
                frag = true;
                fragOffset = Wire.u16(b, pos + 2) >>> 3;
                more = (b[pos + 3] & 1) != 0;
                if (fragOffset > 0) return new Ipv6Chain(Wire.u8(b, pos), pos + size, true, fragOffset, more);
            }
            next = Wire.u8(b, pos);
            pos += size;
        }
        return new Ipv6Chain(next, pos, frag, fragOffset, more);
    }

    /** Size of the extension header at {@code pos}, or -1 when it is not fully present. */
    private static int extensionSize(byte[] b, int pos, int type) {
        if (type == Wire.PROTO_FRAGMENT) return pos + Wire.IPV6_FRAG_HEADER <= b.length ? Wire.IPV6_FRAG_HEADER : -1;
        if (pos + 2 > b.length) return -1;
        int size = (Wire.u8(b, pos + 1) + 1) * 8;
        return pos + size <= b.length ? size : -1;
    }

    private static Ipv6Chain absent(boolean frag, int fragOffset, boolean more) {
        return new Ipv6Chain(-1, -1, frag, fragOffset, more);
    }

    boolean protoKnown() {
        return proto >= 0;
    }
}
