package dev.routec.compiler.datapath;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.net.IpAddr;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev consistent lookup tables for pools (Eisenbud et al., NSDI 2016, §3.4).
 *
 * <h2>Datapath use</h2>
 *
 * A pool is two BPF arrays written by user space: the members (index 0..N-1, in the order given to
 * {@link #table}) and the lookup table of {@code M = tableSize(capacity)} entries, each a member
 * index or {@link #EMPTY} (-1, as {@code __s32}) when the pool is empty. The datapath selects
 * {@code members[table[flowhash % M]]} where {@code flowhash} is {@link FlowHash#hash} of the
 * packet as it is when the {@code dnat} runs, taken as {@code __u32}. The table is computed here,
 * in user space only; the C never populates it.
 *
 * <h2>Population (deterministic)</h2>
 *
 * <ol>
 *   <li>Each member's words are its address words (big-endian, as in {@link FlowHash}) followed by
 *       one port word: the member's port for {@code ipv4:port} pools, 0 otherwise.
 *   <li>{@code offset = murmur(SEED_OFFSET, words) % M}, {@code skip = murmur(SEED_SKIP, words) %
 *       (M - 1) + 1} (hashes unsigned; {@code murmur} as in {@link FlowHash#murmur}). M is prime, so
 *       each member's sequence {@code (offset + j * skip) % M}, j = 0..M-1, is a permutation.
 *   <li>Members take turns in ascending order of their words (unsigned, word by word), not in list
 *       order, so the table depends only on the set of members; duplicates are taken once (the
 *       first occurrence's index). Each turn a member claims the next slot of its permutation not
 *       already claimed. This stops when all M slots are claimed.
 * </ol>
 *
 * Example (pinned by {@code MaglevTest}): member 10.0.1.11 of an address pool, M = 1601: words
 * {@code [0x0a00010b, 0]}, offset 279, skip 690.
 *
 * <p>Removing one member moves all of its slots and only a small fraction of the others' (the
 * paper's "mostly"); adding one takes about M/(N+1) slots.
 */
public final class Maglev {
    private Maglev() {}

    /** Table entry of an empty pool. */
    public static final int EMPTY = -1;

    /** Largest table size; prime (2^16 + 1) and small enough for a BPF array map. */
    public static final int MAX_SIZE = 65537;

    /** Smallest table size. */
    public static final int MIN_SIZE = 101;

    /** Seed of the offset hash: ASCII "mago". */
    public static final int SEED_OFFSET = 0x6d61676f;

    /** Seed of the skip hash: ASCII "mags". */
    public static final int SEED_SKIP = 0x6d616773;

    /**
     * The table size for a pool of {@code capacity} members: the smallest prime {@code >=
     * clamp(100 * capacity, MIN_SIZE, MAX_SIZE)}. A hundred slots per member keeps the imbalance
     * between members around 1% (the paper's recommendation M ≥ 100·N); the cap 65537 = 2^16 + 1 is
     * prime, so the result never exceeds it (and at most 256 KiB of table per pool). Pools larger
     * than 655 members get fewer than 100 slots each; pools larger than M leave some members
     * without slots.
     */
    public static int tableSize(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity " + capacity);
        long target = Math.min(MAX_SIZE, Math.max(MIN_SIZE, 100L * capacity));
        int m = (int) target;
        while (!isPrime(m)) m++;
        return m;
    }

    static boolean isPrime(int n) {
        if (n < 2) return false;
        for (int d = 2; (long) d * d <= n; d++) if (n % d == 0) return false;
        return true;
    }

    /**
     * The lookup table of size {@code m} (a prime ≥ 2): for each slot the index into {@code members}
     * of the member it selects, or {@link #EMPTY} everywhere when {@code members} is empty.
     */
    public static int[] table(List<Elem> members, int m) {
        if (m < 2 || !isPrime(m)) throw new IllegalArgumentException("table size must be prime: " + m);
        int[] table = new int[m];
        Arrays.fill(table, EMPTY);
        Integer[] order = turnOrder(members);
        int n = order.length;
        if (n == 0) return table;
        int[] next = new int[n];
        int[] skip = new int[n];
        for (int t = 0; t < n; t++) {
            int[] w = memberWords(members.get(order[t]));
            next[t] = Integer.remainderUnsigned(FlowHash.murmur(SEED_OFFSET, w), m);
            skip[t] = Integer.remainderUnsigned(FlowHash.murmur(SEED_SKIP, w), m - 1) + 1;
        }
        int filled = 0;
        while (true) {
            for (int t = 0; t < n; t++) {
                int c = next[t];
                while (table[c] != EMPTY) c = (int) ((c + (long) skip[t]) % m);
                table[c] = order[t];
                next[t] = (int) ((c + (long) skip[t]) % m);
                if (++filled == m) return table;
            }
        }
    }

    /** Selects the member for a flow hash: {@code table[hash % M]} (hash unsigned); EMPTY if none. */
    public static int select(int[] table, int flowHash) {
        return table[FlowHash.bucket(flowHash, table.length)];
    }

    /** The words hashed for a member: address words then the port word (0 without a port). */
    public static int[] memberWords(Elem member) {
        IpAddr addr;
        int port;
        switch (member) {
            case Elem.Addr a -> {
                addr = a.addr();
                port = 0;
            }
            case Elem.AddrPort ap -> {
                addr = ap.addr();
                port = ap.port();
            }
            default -> throw new IllegalArgumentException("not a pool member: " + member);
        }
        int[] a = FlowHash.words(addr.bytes());
        int[] w = Arrays.copyOf(a, a.length + 1);
        w[a.length] = port & 0xffff;
        return w;
    }

    /** Indices of distinct members (first occurrence), sorted by their words as unsigned values. */
    private static Integer[] turnOrder(List<Elem> members) {
        Comparator<Integer> byWords = (x, y) -> compareWords(memberWords(members.get(x)), memberWords(members.get(y)));
        return java.util.stream.IntStream.range(0, members.size())
                .filter(i -> members.indexOf(members.get(i)) == i)
                .boxed()
                .sorted(byWords)
                .toArray(Integer[]::new);
    }

    private static int compareWords(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = Integer.compareUnsigned(a[i], b[i]);
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    }
}
