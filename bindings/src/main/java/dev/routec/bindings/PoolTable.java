package dev.routec.bindings;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.MapEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime members of one {@code pool} (docs/datapath-abi.md §4): the member array, the Maglev
 * lookup table ({@link Maglev#table}) and the address index. Every change computes the new members
 * and writes, in the ABI's order, the member array, then all table entries, then the address index;
 * only then are member slots that fell out of use cleared, because the old table may point at them
 * until it is replaced.
 *
 * <p>Members that stay keep their index in the member array, and a new member takes a free index,
 * so between the member write and the table write only flows of removed members can change
 * backend. The member count is not stored: it is the sum of the address index's counts, and the
 * members are entries {@code 0..count-1} of the member array.
 *
 * <p>Members are written as text: {@code "10.0.1.11"} for an {@code ipv4} pool, {@code
 * "10.0.1.11:8080"} for an {@code ipv4:port} pool. Changes are read-modify-write of three maps: one
 * writer at a time.
 */
public final class PoolTable {
    private final String what;
    private final BpfMap members;
    private final BpfMap table;
    private final BpfMap addrs;
    private final boolean withPort;

    PoolTable(String what, BpfMap members, BpfMap table, BpfMap addrs, boolean withPort) {
        this.what = what;
        this.members = members;
        this.table = table;
        this.addrs = addrs;
        this.withPort = withPort;
    }

    /** The members, in member-array order. */
    public List<String> members() {
        return current().stream().map(Object::toString).toList();
    }

    /** The number of members. */
    public int size() {
        return count(addressIndex());
    }

    /** True when {@code member} is one of the members. */
    public boolean contains(String member) {
        return current().contains(parse(member));
    }

    /** True when some member has address {@code address} (what {@code dst in POOL} tests). */
    public boolean containsAddress(String address) {
        Elem a = Codec.in(what, () -> new Elem.Addr(Codec.address(address, true)));
        return addrs.lookup(MapLayout.poolAddrKey(a)).isPresent();
    }

    /** Adds {@code member}; false (and nothing written) if it is already a member. */
    public boolean add(String member) {
        Elem m = parse(member);
        List<Elem> now = current();
        if (now.contains(m)) return false;
        List<Elem> next = new ArrayList<>(now);
        next.add(m);
        write(now, next);
        return true;
    }

    /** Removes {@code member}; false (and nothing written) if it was not a member. */
    public boolean remove(String member) {
        Elem m = parse(member);
        List<Elem> now = current();
        if (!now.contains(m)) return false;
        List<Elem> next = new ArrayList<>(now);
        next.remove(m);
        write(now, next);
        return true;
    }

    /** Makes {@code wanted} the members (no duplicates, at most the capacity). */
    public void set(Collection<String> wanted) {
        List<Elem> next = new ArrayList<>();
        for (String s : wanted) {
            Elem m = parse(s);
            if (next.contains(m)) throw new IllegalArgumentException(what + ": member " + m + " is given twice");
            next.add(m);
        }
        write(current(), next);
    }

    /** Removes every member: the table then says "empty pool" and the datapath drops. */
    public void clear() {
        write(current(), List.of());
    }

    /** The capacity (member array entries). */
    public int capacity() {
        return members.maxEntries();
    }

    /** The number of entries of the Maglev table, {@code Maglev.tableSize(capacity)}. */
    public int tableSize() {
        return table.maxEntries();
    }

    // ---- reading

    private List<Elem> current() {
        int n = count(addressIndex());
        if (n > capacity()) {
            throw new IllegalStateException(
                    what + ": the address index counts " + n + " members, more than the capacity " + capacity());
        }
        List<Elem> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = members.lookup(MapLayout.u32(i)).orElseThrow();
            out.add(decode(b));
        }
        return out;
    }

    private Map<String, Integer> addressIndex() {
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (MapEntry e : addrs.batchLookup()) {
            idx.put(HexFormat.of().formatHex(e.key()), MapLayout.readU32(e.value(), 0));
        }
        return idx;
    }

    private static int count(Map<String, Integer> index) {
        return index.values().stream().mapToInt(Integer::intValue).sum();
    }

    private Elem decode(byte[] b) {
        Elem m = MapLayout.decodeMember(b);
        return withPort && m instanceof Elem.Addr a ? new Elem.AddrPort(a.addr(), 0) : m;
    }

    // ---- writing

    private void write(List<Elem> now, List<Elem> wanted) {
        if (wanted.size() > capacity()) {
            throw new IllegalArgumentException(
                    what + ": " + wanted.size() + " members do not fit its capacity " + capacity());
        }
        List<Elem> next = arrange(now, wanted);
        writeMembers(now, next);
        writeTable(next);
        writeAddresses(now, next);
        for (int i = next.size(); i < now.size(); i++) {
            members.update(MapLayout.u32(i), new byte[Layout.MEMBER.size]);
        }
    }

    /**
     * The new member array: a member that stays keeps its index when that index still exists;
     * the others fill the free indexes in the order given.
     */
    static List<Elem> arrange(List<Elem> now, List<Elem> wanted) {
        int n = wanted.size();
        List<Optional<Elem>> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) slots.add(Optional.empty());
        List<Elem> placeLater = new ArrayList<>();
        for (Elem m : wanted) {
            int j = now.indexOf(m);
            if (j >= 0 && j < n) slots.set(j, Optional.of(m));
            else placeLater.add(m);
        }
        int k = 0;
        for (int i = 0; i < n; i++) if (slots.get(i).isEmpty()) slots.set(i, Optional.of(placeLater.get(k++)));
        return slots.stream().map(Optional::orElseThrow).toList();
    }

    private void writeMembers(List<Elem> now, List<Elem> next) {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            if (i < now.size() && now.get(i).equals(next.get(i))) continue;
            keys.add(MapLayout.u32(i));
            values.add(MapLayout.member(next.get(i)));
        }
        if (!keys.isEmpty()) members.batchUpdate(keys.toArray(byte[][]::new), values.toArray(byte[][]::new));
    }

    private void writeTable(List<Elem> next) {
        int[] t = Maglev.table(next, tableSize());
        byte[][] keys = new byte[t.length][];
        byte[][] values = new byte[t.length][];
        for (int i = 0; i < t.length; i++) {
            keys[i] = MapLayout.u32(i);
            values[i] = MapLayout.encode(Layout.S32, new Elem.Int(t[i]));
        }
        table.batchUpdate(keys, values);
    }

    private void writeAddresses(List<Elem> now, List<Elem> next) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Elem m : next) {
            byte[] k = MapLayout.poolAddrKey(m);
            String hex = HexFormat.of().formatHex(k);
            keys.put(hex, k);
            counts.merge(hex, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            addrs.update(keys.get(e.getKey()), MapLayout.u32(e.getValue()));
        }
        for (Elem m : now) {
            byte[] k = MapLayout.poolAddrKey(m);
            if (!counts.containsKey(HexFormat.of().formatHex(k))) addrs.delete(k);
        }
    }

    // ---- parsing

    private Elem parse(String member) {
        return Codec.in(what, () -> member(member, withPort));
    }

    /** A member in text: {@code a.b.c.d} for address pools, {@code a.b.c.d:port} for port pools. */
    static Elem member(String text, boolean withPort) {
        Objects.requireNonNull(text, "a pool member is required, got null");
        int colon = text.lastIndexOf(':');
        if (!withPort) {
            if (colon >= 0 && Ipv4Addr.parse(text.substring(0, colon)).isPresent()) {
                throw new IllegalArgumentException(
                        "\"" + text + "\": members of an ipv4 pool have no port; write " + text.substring(0, colon));
            }
            return new Elem.Addr(Codec.address(text, true));
        }
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "\"" + text + "\": members of an ipv4:port pool need a port; write e.g. " + text + ":80");
        }
        IpAddr a = Codec.address(text.substring(0, colon), true);
        String p = text.substring(colon + 1);
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\": the port must be a number 0..65535");
        }
        int port = Integer.parseInt(p);
        if (port > 0xffff)
            throw new IllegalArgumentException("\"" + text + "\": port " + port + " is out of range 0..65535");
        return new Elem.AddrPort(a, port);
    }

    @Override
    public String toString() {
        return "PoolTable[" + what + ", " + members.name() + "]";
    }
}
