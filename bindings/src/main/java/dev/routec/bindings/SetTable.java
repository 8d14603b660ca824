package dev.routec.bindings;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.runtime.BpfMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime contents of one {@code set}: a BPF hash map, or an LPM trie for prefix sets, whose keys
 * are the elements ({@link MapLayout} encodes them) and whose values are 1. Single operations are
 * atomic in the kernel; {@link #addAll} validates every element before it writes any, then writes
 * them in one batch. Not synchronised: concurrent writers of one set see each other's changes but
 * {@link #replace} is not atomic as a whole.
 *
 * @param <E> the Java type of the elements (see {@link Codec})
 */
public final class SetTable<E> {
    private final String what;
    private final BpfMap map;
    private final Codec<E> codec;
    private final Layout layout;

    SetTable(String what, BpfMap map, Codec<E> codec) {
        this.what = what;
        this.map = map;
        this.codec = codec;
        this.layout = MapLayout.keyLayout(codec.type());
    }

    /** Adds {@code element} (no effect if present). */
    public void add(E element) {
        map.update(key(element), MapLayout.setValue());
    }

    /** Adds every element with one batch update, after validating all of them. */
    public void addAll(Collection<? extends E> elements) {
        List<byte[]> keys = keys(elements);
        if (keys.isEmpty()) return;
        byte[][] values = new byte[keys.size()][];
        Arrays.fill(values, MapLayout.setValue());
        map.batchUpdate(keys.toArray(byte[][]::new), values);
    }

    /** Removes {@code element}; false if it was absent. */
    public boolean remove(E element) {
        return map.delete(key(element));
    }

    /** Removes every element; returns how many were present. */
    public int removeAll(Collection<? extends E> elements) {
        int n = 0;
        for (byte[] k : keys(elements)) if (map.delete(k)) n++;
        return n;
    }

    /** True when exactly {@code element} is in the set (for prefix sets: that very prefix). */
    public boolean contains(E element) {
        byte[] k = key(element);
        if (!isPrefix()) return map.lookup(k).isPresent();
        return map.keys().stream().anyMatch(x -> Arrays.equals(x, k));
    }

    /**
     * For prefix sets: true when some prefix of the set contains {@code address} (longest-prefix
     * match), which is what {@code address in SET} tests in the datapath.
     */
    public boolean matches(String address) {
        if (!isPrefix()) throw new UnsupportedOperationException(what + " is not a prefix set");
        Elem a = Codec.in(what, () -> layout == Layout.PREFIX4 ? Codec.ipv4(address) : Codec.ipv6(address));
        return map.lookup(MapLayout.encode(layout, a)).isPresent();
    }

    /** The elements, sorted (numbers ascending; addresses and prefixes by address, then length). */
    public List<E> elements() {
        return map.keys().stream()
                .map(k -> MapLayout.decode(layout, k))
                .sorted(Codec.ORDER)
                .map(codec::value)
                .toList();
    }

    /** The number of elements. */
    public int size() {
        return map.keys().size();
    }

    /** Removes every element. */
    public void clear() {
        for (byte[] k : map.keys()) map.delete(k);
    }

    /**
     * Makes the set hold exactly {@code elements}: adds the missing ones first, then removes the
     * others, so an element in both the old and the new contents is never absent meanwhile.
     */
    public void replace(Collection<? extends E> elements) {
        List<byte[]> wanted = keys(elements);
        addAll(elements);
        Set<String> keep = new LinkedHashSet<>();
        for (byte[] k : wanted) keep.add(Arrays.toString(k));
        for (byte[] k : map.keys()) if (!keep.contains(Arrays.toString(k))) map.delete(k);
    }

    /** The capacity (max entries) of the set. */
    public int capacity() {
        return map.maxEntries();
    }

    private boolean isPrefix() {
        return layout == Layout.PREFIX4 || layout == Layout.PREFIX6;
    }

    private byte[] key(E element) {
        return Codec.in(what, () -> MapLayout.encode(layout, codec.element(element)));
    }

    private List<byte[]> keys(Collection<? extends E> elements) {
        List<byte[]> keys = new ArrayList<>(elements.size());
        for (E e : elements) keys.add(key(e));
        return keys;
    }

    @Override
    public String toString() {
        return "SetTable[" + what + ", " + map.name() + "]";
    }
}
