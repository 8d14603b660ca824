package dev.routec.cli.deploy;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.runtime.BpfMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three maps of one pool (docs/datapath-abi.md §4): member array, Maglev table, address index.
 * Members occupy indexes 0..n-1 of the array and the rest is zero, so the member list reads back as
 * the leading non-zero entries (0.0.0.0 is never a member). Writes follow the ABI's order: members,
 * then every table slot, then the address index.
 */
public record PoolMaps(BpfMap members, BpfMap table, BpfMap addrs) {

    /** The current members, in array order. */
    public List<Elem> read() {
        List<Elem> out = new ArrayList<>();
        byte[] zero = new byte[MapLayout.Layout.MEMBER.size];
        for (int i = 0; i < members.maxEntries(); i++) {
            Optional<byte[]> v = members.lookup(MapLayout.u32(i));
            if (v.isEmpty() || Arrays.equals(v.get(), zero)) break;
            out.add(MapLayout.decodeMember(v.get()));
        }
        return out;
    }

    /** Replaces the members: array (unused slots zeroed), all M table slots, then the address index. */
    public void write(List<Elem> list) {
        if (list.size() > members.maxEntries())
            throw new IllegalArgumentException(
                    list.size() + " members do not fit the pool's capacity " + members.maxEntries());
        int n = members.maxEntries();
        byte[][] keys = new byte[n][];
        byte[][] vals = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = MapLayout.u32(i);
            vals[i] = i < list.size() ? MapLayout.member(list.get(i)) : new byte[MapLayout.Layout.MEMBER.size];
        }
        members.batchUpdate(keys, vals);
        int m = table.maxEntries();
        int[] t = Maglev.table(list, m);
        byte[][] tk = new byte[m][];
        byte[][] tv = new byte[m][];
        for (int i = 0; i < m; i++) {
            tk[i] = MapLayout.u32(i);
            tv[i] = MapLayout.u32(t[i]);
        }
        table.batchUpdate(tk, tv);
        Map<String, Integer> count = new LinkedHashMap<>();
        Map<String, byte[]> keyOf = new LinkedHashMap<>();
        for (Elem e : list) {
            byte[] k = MapLayout.poolAddrKey(e);
            String hex = java.util.HexFormat.of().formatHex(k);
            count.merge(hex, 1, Integer::sum);
            keyOf.put(hex, k);
        }
        for (Map.Entry<String, Integer> c : count.entrySet())
            addrs.update(keyOf.get(c.getKey()), MapLayout.u32(c.getValue()));
        for (byte[] k : addrs.keys()) {
            if (!count.containsKey(java.util.HexFormat.of().formatHex(k))) addrs.delete(k);
        }
    }
}
