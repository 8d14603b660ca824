package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/** The test oracle must catch a rewrite that forgets a checksum. */
class NaiveOracleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tcp 10.0.0.1:1 -> 10.0.0.2:80 payload 3",
                "udp 10.0.0.1:1 -> 10.0.0.2:80",
                "sctp 10.0.0.1:1 -> 10.0.0.2:80",
                "icmp 10.0.0.1 -> 10.0.0.2",
                "tcp [2001:db8::1]:1 -> [2001:db8::2]:80",
                "udp [2001:db8::1]:1 -> [2001:db8::2]:80",
                "icmp6 2001:db8::1 -> 2001:db8::2",
                "sctp [2001:db8::1]:1 -> [2001:db8::2]:80"
            })
    void builtFramesVerifyAndCorruptedOnesDoNot(String packet) {
        byte[] b = Fixtures.frame(packet).bytes();
        Naive.assertChecksumsValid(b);
        byte[] corrupt = b.clone();
        corrupt[corrupt.length - 1] ^= 0x40; // last byte: L4 header or payload
        assertThrows(AssertionFailedError.class, () -> Naive.assertChecksumsValid(corrupt));
    }

    @Test
    void ipv4HeaderCorruptionIsCaught() {
        byte[] b = Fixtures.frame("icmp 10.0.0.1 -> 10.0.0.2").bytes();
        b[14 + 8] = 1; // TTL without checksum fix
        assertThrows(AssertionFailedError.class, () -> Naive.assertChecksumsValid(b));
    }

    @Test
    void pseudoHeaderChangeIsCaught() {
        byte[] b = Fixtures.frame("tcp 10.0.0.1:1 -> 10.0.0.2:80").bytes();
        b[14 + 19] = 9; // dst address without any fix
        Naive.fixIpv4(b); // header right, TCP pseudo header wrong
        assertThrows(AssertionFailedError.class, () -> Naive.assertChecksumsValid(b));
    }
}
