package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Argument checks that need no kernel. */
class ApiValidationTest {
    @Test
    void kernelRequirementFlag() {
        assertTrue(KernelRequirement.isOn("1"));
        assertTrue(KernelRequirement.isOn("true"));
        assertFalse(KernelRequirement.isOn("0"));
        assertFalse(KernelRequirement.isOn(null));
        assertFalse(KernelRequirement.isOn("${env.ROUTEC_REQUIRE_KERNEL}"), "unset env var in the pom");
        assertTrue(KernelRequirement.failureMessage("no bpffs").contains("no bpffs"));
    }

    @Test
    void netnsNames() {
        assertEquals(
                Optional.of(Path.of("/var/run/netns/blue")), NetNs.named("blue").path());
        assertNull(NetNs.current().nativePath());
        assertThrows(IllegalArgumentException.class, () -> NetNs.named("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetNs.named(""));
    }

    @Test
    void testRunRequests() {
        assertThrows(IllegalArgumentException.class, () -> TestRunRequest.of(new byte[10]));
        TestRunRequest r = TestRunRequest.of(new byte[60]).withRepeat(5).withSkb(SkbContext.withMark(3));
        assertEquals(60 + TestRunRequest.DEFAULT_HEADROOM, r.dataOutSize());
        assertEquals(5, r.repeat());
        assertThrows(IllegalArgumentException.class, () -> r.withXdp(new XdpContext(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> r.withRepeat(0));
    }

    @Test
    void openOptions() {
        OpenOptions o =
                OpenOptions.defaults().withPinRoot(Path.of("/sys/fs/bpf/x")).withMaxEntries("m", 4);
        assertEquals(OpenOptions.DEFAULT_LOG_BUFFER_SIZE, o.logBufferSize());
        assertEquals(4, o.maxEntries().get("m"));
        assertThrows(IllegalArgumentException.class, () -> o.withLogBufferSize(10));
        assertThrows(UnsupportedOperationException.class, () -> o.maxEntries().put("n", 1));
        assertTrue(OpenOptions.defaults().pinRoot().isEmpty());
    }

    @Test
    void typesByKernelValue() {
        assertEquals(ProgramType.XDP, ProgramType.of(6));
        assertEquals(ProgramType.UNKNOWN, ProgramType.of(999));
        assertTrue(MapType.of(6).isPerCpu());
        assertFalse(MapType.LPM_TRIE.isPerCpu());
    }
}
