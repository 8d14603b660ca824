package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel
@Timeout(60)
class VerifierRejectionTest {
    @Test
    void rejectionCarriesErrnoAndTheVerifierText() {
        try (BpfObject obj = BpfObject.openFile(TestBpf.object("rejected"))) {
            BpfException e = assertThrows(BpfException.class, obj::load);
            assertEquals(Errno.EACCES, e.errno());
            assertEquals("EACCES", e.errnoName());
            assertTrue(e.isVerifierRejection());
            assertTrue(e.getMessage().contains("invalid access to packet"), e.getMessage());
            assertTrue(e.verifierLog().contains("invalid access to packet"));
            assertTrue(e.getMessage().contains("errno 13"), e.getMessage());
            assertFalse(e.libbpfLog().isEmpty(), "libbpf's own messages are captured");
            assertFalse(obj.isLoaded());
        }
    }
}
