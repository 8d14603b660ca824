package dev.routec.runtime;

import static dev.routec.runtime.TestBpf.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel
@Timeout(60)
class MapOpsTest {
    private BpfObject obj;
    private BpfMap hash;

    @BeforeEach
    void load() {
        obj = BpfObject.openFile(object("classify"));
        obj.load();
        hash = obj.map("proto_marks");
    }

    @AfterEach
    void close() {
        obj.close();
    }

    @Test
    void crud() {
        assertTrue(hash.lookup(u32(6)).isEmpty());
        hash.update(u32(6), u32(60));
        assertEquals(60, u32(hash.lookup(u32(6)).orElseThrow()));
        hash.update(u32(6), u32(61), UpdateMode.EXIST);
        assertEquals(61, u32(hash.lookup(u32(6)).orElseThrow()));
        assertEquals(
                Errno.EEXIST,
                assertThrows(BpfException.class, () -> hash.update(u32(6), u32(1), UpdateMode.NO_EXIST))
                        .errno());
        assertEquals(
                Errno.ENOENT,
                assertThrows(BpfException.class, () -> hash.update(u32(7), u32(1), UpdateMode.EXIST))
                        .errno());
        assertTrue(hash.delete(u32(6)));
        assertFalse(hash.delete(u32(6)));
        assertTrue(hash.lookup(u32(6)).isEmpty());
    }

    @Test
    void sizesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> hash.lookup(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> hash.update(u32(1), new byte[8]));
        assertThrows(IllegalStateException.class, () -> hash.lookupPerCpu(u32(1)));
        assertThrows(IllegalStateException.class, () -> obj.map("counters").lookup(u32(0)));
    }

    @Test
    void keysIterateEveryEntry() {
        Set<Integer> want = Set.of(1, 6, 17, 58);
        want.forEach(k -> hash.update(u32(k), u32(k * 10)));
        Set<Integer> got = new HashSet<>();
        hash.keys().forEach(k -> got.add(u32(k)));
        assertEquals(want, got);
        assertEquals(List.of(), obj.map("routes").keys());
    }

    @Test
    void batchUpdateAndLookupOnHash() {
        byte[][] keys = new byte[200][];
        byte[][] values = new byte[200][];
        for (int i = 0; i < 200; i++) {
            keys[i] = u32(i);
            values[i] = u32(i + 1000);
        }
        assertEquals(200, hash.batchUpdate(keys, values));
        List<MapEntry> all = hash.batchLookup();
        assertEquals(200, all.size());
        all.forEach(e -> assertEquals(u32(e.key()) + 1000, u32(e.value())));
    }

    @Test
    void batchOnLpmTrieWorksOrFallsBack() {
        BpfMap routes = obj.map("routes");
        byte[][] keys = {lpmKey(8, "10.0.0.0"), lpmKey(16, "10.1.0.0"), lpmKey(32, "192.0.2.1")};
        byte[][] values = {route(ACT_PASS, 1), route(ACT_DROP, 2), route(ACT_PASS, 3)};
        assertEquals(3, routes.batchUpdate(keys, values));
        Set<Integer> marks = new HashSet<>();
        routes.batchLookup().forEach(e -> marks.add(u32(Arrays.copyOfRange(e.value(), 4, 8))));
        assertEquals(Set.of(1, 2, 3), marks);
    }

    @Test
    void arrayMapsCannotDelete() {
        BpfMap array = obj.map("rt_pinned_cfg");
        assertEquals(MapType.ARRAY, array.type());
        array.update(u32(0), u32(5));
        assertEquals(
                Errno.EINVAL,
                assertThrows(BpfException.class, () -> array.delete(u32(0))).errno());
        assertEquals(1, array.keys().size());
        assertEquals(
                Errno.E2BIG,
                assertThrows(BpfException.class, () -> array.update(u32(1), u32(5)))
                        .errno());
    }

    @Test
    void perCpuReadAndWrite() {
        BpfMap counters = obj.map("counters");
        int cpus = BpfMap.possibleCpus();
        assertTrue(cpus >= 1);
        byte[][] values = new byte[cpus][];
        for (int c = 0; c < cpus; c++) {
            values[c] = u64(100L + c);
        }
        counters.updatePerCpu(u32(1), values, UpdateMode.ANY);
        byte[][] back = counters.lookupPerCpu(u32(1)).orElseThrow();
        assertEquals(cpus, back.length);
        for (int c = 0; c < cpus; c++) {
            assertEquals(100L + c, u64(back[c]));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> counters.updatePerCpu(u32(1), new byte[cpus + 1][], UpdateMode.ANY));
    }

    @Test
    void objectMapsAreUnusableAfterClose() {
        obj.close();
        assertThrows(IllegalStateException.class, () -> hash.lookup(u32(1)));
    }
}
