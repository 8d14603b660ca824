package dev.routec.bindings;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.MapEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The runtime contents of one {@code map}: a BPF hash map, or an LPM trie for prefix keys, from keys
 * to values ({@link MapLayout} encodes both). A key that is absent reads as the declaration's
 * default in the datapath; {@link #lookup} and {@link #lookupAddress} answer the same way.
 *
 * @param <K> the Java type of the keys
 * @param <V> the Java type of the values
 */
public final class MapTable<K, V> {
    private final String what;
    private final BpfMap map;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final Layout keyLayout;
    private final Layout valueLayout;
    private final V dflt;

    MapTable(String what, BpfMap map, Codec<K> key, Codec<V> value, V dflt) {
        this.what = what;
        this.map = map;
        this.keyCodec = key;
        this.valueCodec = value;
        this.keyLayout = MapLayout.keyLayout(key.type());
        this.valueLayout = MapLayout.valueLayout(value.type());
        this.dflt = dflt;
    }

    /** Sets the value of {@code key}. */
    public void put(K key, V value) {
        map.update(key(key), value(value));
    }

    /** Sets every entry with one batch update, after validating all of them. */
    public void putAll(Map<? extends K, ? extends V> entries) {
        if (entries.isEmpty()) return;
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[entries.size()][];
        int i = 0;
        for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
            keys[i] = key(e.getKey());
            values[i++] = value(e.getValue());
        }
        map.batchUpdate(keys, values);
    }

    /** The value stored under exactly {@code key} (for prefix keys: that very prefix), if any. */
    public Optional<V> get(K key) {
        byte[] k = key(key);
        if (!isPrefix()) return map.lookup(k).map(this::decodeValue);
        return map.batchLookup().stream()
                .filter(e -> Arrays.equals(e.key(), k))
                .findFirst()
                .map(e -> decodeValue(e.value()));
    }

    /** What the datapath reads for {@code key}: its value, or the default when absent. */
    public V lookup(K key) {
        return get(key).orElse(dflt);
    }

    /**
     * For prefix-keyed maps: what {@code MAP[address]} reads in the datapath, the value of the
     * longest prefix containing {@code address}, or the default.
     */
    public V lookupAddress(String address) {
        if (!isPrefix()) throw new UnsupportedOperationException(what + " does not have prefix keys");
        Elem a = guard(() -> keyLayout == Layout.PREFIX4 ? Codec.ipv4(address) : Codec.ipv6(address));
        return map.lookup(MapLayout.encode(keyLayout, a)).map(this::decodeValue).orElse(dflt);
    }

    /** The default value: what an absent key reads as. */
    public V defaultValue() {
        return dflt;
    }

    /** Removes {@code key}; false if it was absent. */
    public boolean remove(K key) {
        return map.delete(key(key));
    }

    /** Every entry, sorted by key (see {@link Codec#ORDER}). */
    public Map<K, V> entries() {
        List<Map.Entry<Elem, byte[]>> all = new ArrayList<>();
        for (MapEntry e : map.batchLookup()) all.add(Map.entry(MapLayout.decode(keyLayout, e.key()), e.value()));
        all.sort(Map.Entry.comparingByKey(Codec.ORDER));
        Map<K, V> out = new LinkedHashMap<>();
        for (Map.Entry<Elem, byte[]> e : all) out.put(keyCodec.value(e.getKey()), decodeValue(e.getValue()));
        return out;
    }

    /** The number of entries. */
    public int size() {
        return map.keys().size();
    }

    /** Removes every entry. */
    public void clear() {
        for (byte[] k : map.keys()) map.delete(k);
    }

    /**
     * Makes the map hold exactly {@code entries}: writes them first, then removes the other keys, so
     * a key in both the old and the new contents is never absent meanwhile.
     */
    public void replace(Map<? extends K, ? extends V> entries) {
        Set<String> keep = new HashSet<>();
        for (K k : entries.keySet()) keep.add(Arrays.toString(key(k)));
        putAll(entries);
        for (byte[] k : map.keys()) if (!keep.contains(Arrays.toString(k))) map.delete(k);
    }

    /** The capacity (max entries) of the map. */
    public int capacity() {
        return map.maxEntries();
    }

    private boolean isPrefix() {
        return keyLayout == Layout.PREFIX4 || keyLayout == Layout.PREFIX6;
    }

    private V decodeValue(byte[] b) {
        return valueCodec.value(MapLayout.decode(valueLayout, b));
    }

    private byte[] key(K key) {
        return guard(() -> MapLayout.encode(keyLayout, keyCodec.element(key)));
    }

    private byte[] value(V value) {
        return guard(() -> MapLayout.encode(valueLayout, valueCodec.element(value)));
    }

    private <T> T guard(Supplier<T> s) {
        return Codec.in(what, s);
    }

    @Override
    public String toString() {
        return "MapTable[" + what + ", " + map.name() + "]";
    }
}
