package dev.routec.runtime;

import static dev.routec.runtime.TestBpf.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel
@Timeout(60)
class PinTest {
    private PinDir dir;

    @BeforeEach
    void createDir() {
        dir = new PinDir();
    }

    @AfterEach
    void removeDir() throws Exception {
        dir.close();
    }

    @Test
    void pinReopenAndUnpinProgramAndMap() {
        Path progPin = dir.resolve("prog");
        Path mapPin = dir.resolve("map");
        try (BpfObject obj = BpfObject.openFile(object("classify"))) {
            obj.load();
            BpfProgram prog = obj.program("tc_classify");
            BpfMap map = obj.map("proto_marks");
            prog.pin(progPin);
            map.pin(mapPin);
            map.update(u32(6), u32(66));
            try (BpfProgram p2 = BpfProgram.fromPin(progPin);
                    BpfMap m2 = BpfMap.fromPin(mapPin)) {
                assertEquals(prog.id(), p2.id());
                assertEquals(ProgramType.SCHED_CLS, p2.type());
                assertEquals(map.id(), m2.id());
                assertEquals(66, u32(m2.lookup(u32(6)).orElseThrow()));
            }
        }
        try (BpfMap survivor = BpfMap.fromPin(mapPin)) {
            assertEquals(66, u32(survivor.lookup(u32(6)).orElseThrow()), "a pinned map outlives its object");
        }
        assertTrue(Bpf.unpin(progPin));
        assertTrue(Bpf.unpin(mapPin));
        assertFalse(Bpf.unpin(mapPin));
        assertEquals(
                Errno.ENOENT,
                assertThrows(BpfException.class, () -> BpfMap.fromPin(mapPin)).errno());
    }

    @Test
    void pinRootPinsByNameAndTheNextObjectReusesTheMap() {
        OpenOptions opts = OpenOptions.defaults().withPinRoot(dir.resolve("root"));
        int id;
        try (BpfObject v1 = BpfObject.openFile(object("classify"), opts)) {
            v1.load();
            id = v1.map("rt_pinned_cfg").id();
            v1.map("rt_pinned_cfg").update(u32(0), u32(42));
            assertEquals(
                    dir.resolve("root/rt_pinned_cfg"),
                    v1.mapPinPath("rt_pinned_cfg").orElseThrow());
            assertTrue(v1.mapPinPath("routes").isEmpty());
        }
        assertTrue(Files.exists(dir.resolve("root/rt_pinned_cfg")));
        try (BpfObject v2 = BpfObject.openFile(object("classify"), opts)) {
            v2.load();
            assertEquals(id, v2.map("rt_pinned_cfg").id(), "state survives an upgrade");
            assertEquals(42, u32(v2.map("rt_pinned_cfg").lookup(u32(0)).orElseThrow()));
        }
    }

    @Test
    void withoutPinRootNothingIsPinned() {
        try (BpfObject obj = BpfObject.openFile(object("classify"))) {
            obj.load();
            assertTrue(obj.mapPinPath("rt_pinned_cfg").isEmpty());
        }
        assertFalse(Files.exists(Bpf.BPFFS.resolve("rt_pinned_cfg")));
    }

    @Test
    void perMapPinPathAndFdReuse() {
        Path routesPin = dir.resolve("routes");
        try (BpfObject a =
                BpfObject.openFile(object("classify"), OpenOptions.defaults().withMapPinPath("routes", routesPin))) {
            a.load();
            assertTrue(Files.exists(routesPin));
            try (BpfObject b = BpfObject.openFile(
                            object("classify"), OpenOptions.defaults().withMapPinPath("routes", routesPin));
                    BpfObject c = BpfObject.openFile(
                            object("classify"),
                            OpenOptions.defaults().withReusedMap("proto_marks", a.map("proto_marks")))) {
                b.load();
                c.load();
                assertEquals(a.map("routes").id(), b.map("routes").id());
                assertEquals(a.map("proto_marks").id(), c.map("proto_marks").id());
                assertNotEquals(a.map("routes").id(), c.map("routes").id());
            }
        }
    }

    @Test
    void byIdLookups() {
        try (BpfObject obj = BpfObject.openFile(object("classify"))) {
            obj.load();
            try (BpfProgram p = BpfProgram.fromId(obj.program("xdp_pass").id());
                    BpfMap m = BpfMap.fromId(obj.map("routes").id())) {
                assertEquals("xdp_pass", p.name());
                assertEquals("routes", m.name());
                assertEquals(MapType.LPM_TRIE, m.type());
            }
        }
    }
}
