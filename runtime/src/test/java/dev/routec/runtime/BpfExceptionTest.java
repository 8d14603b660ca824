package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BpfExceptionTest {
    @Test
    void messageKeepsOnlyTheLogTail() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            log.append("line ").append(i).append('\n');
        }
        BpfException e = new BpfException("load BPF object 'x'", 13, "libbpf: failed", log.toString());
        String msg = e.getMessage();
        assertTrue(msg.startsWith("load BPF object 'x': permission denied (EACCES, errno 13)"), msg);
        assertTrue(msg.contains("libbpf:\nlibbpf: failed"), msg);
        assertTrue(msg.contains("verifier log (last 60 of 500 lines)"), msg);
        assertTrue(msg.contains("line 500") && msg.contains("line 441\n"));
        assertFalse(msg.contains("line 440\n"));
        assertEquals(log.toString(), e.verifierLog());
        assertTrue(e.isVerifierRejection());
    }

    @Test
    void nativeConstructorDecodesUtf8AndToleratesNulls() {
        BpfException e = new BpfException("op", 2, "libbpf: ü".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("libbpf: ü", e.libbpfLog());
        assertEquals("", e.verifierLog());
        assertFalse(e.isVerifierRejection());
        assertEquals("ENOENT", e.errnoName());
        assertFalse(e.getMessage().contains("verifier log"));
    }

    @Test
    void unknownErrnoStillReadable() {
        BpfException e = BpfException.of("op", 9999);
        assertEquals("op: error 9999 (errno 9999)", e.getMessage());
    }
}
