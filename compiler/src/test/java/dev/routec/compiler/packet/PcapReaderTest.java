package dev.routec.compiler.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapReaderTest {
    static final byte[] A = {1, 2, 3, 4, 5};
    static final byte[] B = new byte[60];

    /** A classic pcap file with the given magic written in {@code order}, holding A and B. */
    static byte[] pcap(int magic, ByteOrder order, int linktype) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(magic)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(65535)
                .putInt(linktype);
        out.writeBytes(h.array());
        record(out, order, 1_700_000_000, 123, A, 1500);
        record(out, order, 1_700_000_001, 0, B, 60);
        return out.toByteArray();
    }

    static void record(ByteArrayOutputStream out, ByteOrder order, int sec, int frac, byte[] data, int orig) {
        ByteBuffer r = ByteBuffer.allocate(16).order(order);
        r.putInt(sec).putInt(frac).putInt(data.length).putInt(orig);
        out.writeBytes(r.array());
        out.writeBytes(data);
    }

    static List<PcapRecord> read(byte[] file) throws PcapException {
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(file), "t.pcap")) {
            List<PcapRecord> out = new java.util.ArrayList<>();
            for (var rec = r.next(); rec.isPresent(); rec = r.next()) out.add(rec.get());
            return out;
        }
    }

    @Test
    void bothByteOrdersAndResolutions() throws PcapException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int magic : new int[] {0xa1b2c3d4, 0xa1b23c4d}) {
                List<PcapRecord> recs = read(pcap(magic, order, 1));
                assertEquals(2, recs.size());
                assertArrayEquals(A, recs.get(0).data());
                assertEquals(1500, recs.get(0).origLen());
                assertEquals(0, recs.get(0).index());
                assertEquals(1, recs.get(1).index());
                assertTrue(recs.get(1).isEthernet());
                long frac = magic == 0xa1b23c4d ? 123 : 123_000;
                assertEquals(1_700_000_000L * 1_000_000_000L + frac, recs.get(0).timestampNanos());
            }
        }
    }

    @Test
    void linktypeIsExposed() throws PcapException {
        List<PcapRecord> recs = read(pcap(0xa1b2c3d4, ByteOrder.LITTLE_ENDIAN, 113));
        assertEquals(113, recs.get(0).linktype());
        assertFalse(recs.get(0).isEthernet());
    }

    @Test
    void truncatedAndCorruptFilesNameFileAndOffset() {
        byte[] good = pcap(0xa1b2c3d4, ByteOrder.LITTLE_ENDIAN, 1);
        PcapException cutData =
                assertThrows(PcapException.class, () -> read(java.util.Arrays.copyOf(good, good.length - 1)));
        assertEquals(
                "t.pcap: offset 45: record 1 is truncated: 60 bytes captured, 59 in the file", cutData.getMessage());
        PcapException cutHeader =
                assertThrows(PcapException.class, () -> read(java.util.Arrays.copyOf(good, 24 + 16 + 5 + 3)));
        assertEquals("t.pcap: offset 45: truncated record header of record 1 (3 of 16 bytes)", cutHeader.getMessage());
        PcapException empty = assertThrows(PcapException.class, () -> read(new byte[0]));
        assertTrue(empty.getMessage().startsWith("t.pcap: offset 0: truncated file header"), empty.getMessage());
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7fffffff);
        assertTrue(
                assertThrows(PcapException.class, () -> read(huge)).getMessage().contains("corrupt"));
        byte[] version = good.clone();
        version[4] = 9;
        assertTrue(assertThrows(PcapException.class, () -> read(version))
                .getMessage()
                .contains("unsupported pcap version 9.4"));
    }

    @Test
    void pcapngAndOtherFilesAreRejected() {
        byte[] ng = {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28};
        assertEquals(
                "t.pcap: pcapng is not supported; convert with `tcpdump -r t.pcap -w out.pcap`",
                assertThrows(PcapException.class, () -> read(ng)).getMessage());
        byte[] text = "hello, world, this is not a pcap file".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(
                "t.pcap: offset 0: not a pcap file (magic 0x68656c6c)",
                assertThrows(PcapException.class, () -> read(text)).getMessage());
    }

    @Test
    void headerOnlyFileHasNoRecords(@TempDir Path dir) throws IOException, PcapException {
        Path f = dir.resolve("empty.pcap");
        Files.write(f, java.util.Arrays.copyOf(pcap(0xa1b2c3d4, ByteOrder.BIG_ENDIAN, 1), 24));
        assertEquals(List.of(), PcapReader.readAll(f));
        assertThrows(PcapException.class, () -> PcapReader.readAll(dir.resolve("missing.pcap")));
    }

    /** The real captures in the shared data directory (ROUTEC_PCAPS overrides its location). */
    static Path corpus() {
        String env = System.getenv("ROUTEC_PCAPS");
        return Path.of(env != null ? env : "/work/shared/data/pcaps");
    }

    @Test
    void everyCorpusFrameParsesDissectsAndRoundTrips() throws IOException, PcapException {
        Path dir = corpus();
        Assumptions.assumeTrue(Files.isDirectory(dir), "no capture corpus at " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        int frames = 0;
        int ethernet = 0;
        for (Path file : files) {
            for (PcapRecord r : PcapReader.readAll(file)) {
                frames++;
                if (!r.isEthernet()) continue;
                ethernet++;
                PacketFuzzTest.check(r.data());
            }
        }
        assertEquals(401, files.size());
        assertEquals(7987, frames);
        assertEquals(7987, ethernet);
    }
}
