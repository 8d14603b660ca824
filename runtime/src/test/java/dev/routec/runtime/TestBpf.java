package dev.routec.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test BPF objects (built from src/test/bpf by the Makefile) and byte helpers for their maps. */
final class TestBpf {
    private TestBpf() {}

    static final int TC_ACT_OK = 0;
    static final int TC_ACT_SHOT = 2;
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int XDP_TX = 3;

    static final int ACT_PASS = 0;
    static final int ACT_DROP = 1;
    static final int ACT_REFLECT = 2;

    static Path object(String name) {
        Path dir = Path.of(System.getProperty("routec.test.bpf.dir", "target/test-bpf"));
        Path p = dir.resolve(name + ".bpf.o");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: build with mvn (process-test-classes runs make bpf)");
        }
        return p;
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(object(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host-order u32, as the kernel stores {@code __u32} keys and values. */
    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static int u32(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt();
    }

    static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    /** struct lpm_v4 { __u32 prefixlen (host order); __u32 addr (network order); } */
    static byte[] lpmKey(int prefixLen, String dottedAddr) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(prefixLen)
                .put(Packets.ipv4Address(dottedAddr))
                .array();
    }

    /** struct route { __u32 action; __u32 mark; } */
    static byte[] route(int action, int mark) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(action)
                .putInt(mark)
                .array();
    }
}
