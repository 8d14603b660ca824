package dev.routec.runtime;

import static dev.routec.runtime.TestBpf.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresKernel
@Timeout(60)
class RingBufferTest {
    @Test
    void readsEveryEventInOrderOnce() {
        try (BpfObject obj = BpfObject.openFile(object("events"))) {
            obj.load();
            BpfProgram prog = obj.program("tc_events");
            byte[] udp = Packets.ipv4("10.0.0.1", "10.1.2.3", Packets.UDP, 8);
            try (RingBuffer rb = RingBuffer.open(obj.map("events"))) {
                for (int i = 0; i < 3; i++) prog.testRun(TestRunRequest.of(udp));
                List<byte[]> first = rb.poll(Duration.ZERO);
                for (int i = 0; i < 2; i++) prog.testRun(TestRunRequest.of(udp));
                List<byte[]> rest = rb.poll(Duration.ofMillis(10));
                assertEquals(3, first.size());
                assertEquals(2, rest.size());
                for (int i = 0; i < 5; i++) {
                    ByteBuffer b = ByteBuffer.wrap(i < 3 ? first.get(i) : rest.get(i - 3))
                            .order(ByteOrder.nativeOrder());
                    assertEquals(i, b.getInt(), "sequence");
                    assertEquals(udp.length, b.getInt(), "length");
                }
                assertTrue(rb.poll(Duration.ZERO).isEmpty());
            }
        }
    }

    @Test
    void onlyRingBuffersCanBeRead() {
        try (BpfObject obj = BpfObject.openFile(object("events"))) {
            obj.load();
            assertThrows(IllegalArgumentException.class, () -> RingBuffer.open(obj.map("seq")));
        }
    }
}
