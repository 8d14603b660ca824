package dev.routec.compiler.datapath;

import dev.routec.compiler.net.IpAddr;

/**
 * The 32-bit flow hash: MurmurHash3 (x86_32) over 32-bit words, with the standard {@code fmix32}
 * finaliser. Every bit of every input word reaches every output bit, so degenerate inputs (Linux
 * picks even ephemeral ports; clients often differ only in the last address byte) still spread.
 *
 * <h2>Definition (the C must match bit for bit)</h2>
 *
 * <pre>{@code
 * static __always_inline __u32 rt_rotl32(__u32 x, int r) { return (x << r) | (x >> (32 - r)); }
 *
 * // one MurmurHash3 body step
 * static __always_inline __u32 rt_mix(__u32 h, __u32 k) {
 *     k *= 0xcc9e2d51; k = rt_rotl32(k, 15); k *= 0x1b873593;
 *     h ^= k; h = rt_rotl32(h, 13); return h * 5 + 0xe6546b64;
 * }
 *
 * static __always_inline __u32 rt_fmix32(__u32 h) {
 *     h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16; return h;
 * }
 *
 * // murmur over n words: h = seed; for each word w in order: h = rt_mix(h, w);
 * //                     h ^= 4 * n; return rt_fmix32(h);
 * }</pre>
 *
 * <p>The flow hash is that murmur with seed {@link #SEED} ({@code 0x726f7574}, "rout") over these
 * words, in this order:
 *
 * <ul>
 *   <li>IPv4 (n = 4): {@code src}, {@code dst}, {@code (sport << 16) | dport}, {@code proto}
 *   <li>IPv6 (n = 10): {@code src[0..3]}, {@code dst[0..3]}, {@code (sport << 16) | dport},
 *       {@code proto}
 * </ul>
 *
 * An address word is four address bytes read big-endian ({@code bpf_ntohl} of the {@code __be32}
 * in the header; IPv6 word i is bytes 4i..4i+3). Ports are host-order values. {@code sport} and
 * {@code dport} are 0 when the packet has no L4 ports (LANGUAGE.md §4: not TCP/UDP/SCTP, header
 * truncated, or a non-first fragment), so every fragment after the first of a flow hashes like an
 * ICMP packet between the same hosts. {@code proto} is the L4 protocol number after IPv6 extension
 * headers (the {@code proto} field).
 *
 * <p>Known values (pinned by {@code FlowHashTest}, reproduced by a C transcription of the above):
 * {@code hash(10.0.0.1, 10.0.0.2, 1234, 80, 6) = 0xcc8cb80b}; {@code hash(2001:db8::1,
 * 2001:db8::2, 40000, 443, 17) = 0x7afb6f79}. The murmur itself matches the published
 * MurmurHash3_x86_32 vectors when the words are the little-endian blocks of the key bytes.
 */
public final class FlowHash {
    private FlowHash() {}

    /** Seed of the flow hash: ASCII "rout". */
    public static final int SEED = 0x726f7574;

    static final int C1 = 0xcc9e2d51;
    static final int C2 = 0x1b873593;

    /** The flow hash of a 5-tuple. {@code src} and {@code dst} must be of one family. */
    public static int hash(IpAddr src, IpAddr dst, int sport, int dport, int proto) {
        if (src.isV4() != dst.isV4()) throw new IllegalArgumentException("mixed families " + src + ", " + dst);
        int[] s = words(src.bytes());
        int[] d = words(dst.bytes());
        int[] w = new int[s.length + d.length + 2];
        System.arraycopy(s, 0, w, 0, s.length);
        System.arraycopy(d, 0, w, s.length, d.length);
        w[w.length - 2] = ((sport & 0xffff) << 16) | (dport & 0xffff);
        w[w.length - 1] = proto & 0xff;
        return murmur(SEED, w);
    }

    /** MurmurHash3 x86_32 over whole words (the tail-free case): see the class comment. */
    public static int murmur(int seed, int... words) {
        int h = seed;
        for (int w : words) h = mix(h, w);
        h ^= 4 * words.length;
        return fmix32(h);
    }

    /** One MurmurHash3 body step. */
    static int mix(int h, int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        k *= C2;
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    /** The MurmurHash3 32-bit finaliser. */
    public static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** Big-endian 32-bit words of a byte array whose length is a multiple of 4. */
    public static int[] words(byte[] b) {
        if (b.length % 4 != 0) throw new IllegalArgumentException("length " + b.length);
        int[] w = new int[b.length / 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((b[4 * i] & 0xff) << 24)
                    | ((b[4 * i + 1] & 0xff) << 16)
                    | ((b[4 * i + 2] & 0xff) << 8)
                    | (b[4 * i + 3] & 0xff);
        }
        return w;
    }

    /** {@code hash mod m} with the hash taken as unsigned (what {@code __u32 % m} computes in C). */
    public static int bucket(int hash, int m) {
        return Integer.remainderUnsigned(hash, m);
    }
}
