package dev.routec.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void extractsToAContentAddressedPathOnce() throws IOException {
        byte[] lib = {1, 2, 3, 4, 5};
        Path root = tmp.resolve("cache");
        Path first = NativeLoader.extract(lib, List.of(root));
        assertEquals(root.resolve(NativeLoader.sha256(lib)).resolve("libroutecbpf.so"), first);
        assertArrayEquals(lib, Files.readAllBytes(first));
        long mtime = Files.getLastModifiedTime(first).toMillis();
        assertEquals(first, NativeLoader.extract(lib, List.of(root)));
        assertEquals(mtime, Files.getLastModifiedTime(first).toMillis(), "an intact copy is reused");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())));
    }

    @Test
    void replacesACorruptedCopy() throws IOException {
        byte[] lib = {9, 8, 7};
        Path root = tmp.resolve("cache");
        Path p = NativeLoader.extract(lib, List.of(root));
        Files.write(p, new byte[] {0});
        assertArrayEquals(lib, Files.readAllBytes(NativeLoader.extract(lib, List.of(root))));
    }

    @Test
    void skipsARootOthersCanWriteTo() throws IOException {
        byte[] lib = {4, 2};
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path good = tmp.resolve("good");
        Path p = NativeLoader.extract(lib, List.of(shared, good));
        assertTrue(p.startsWith(good), p.toString());
        assertThrows(IOException.class, () -> NativeLoader.extract(lib, List.of(shared)));
    }

    @Test
    void resourcePathNamesTheArchitecture() {
        assertTrue(NativeLoader.resourcePath().matches("/native/linux-[a-z0-9_]+/libroutecbpf.so"));
    }

    @Test
    void theBuiltLibraryShipsAsAResource() {
        assertNotNull(
                NativeLoader.class.getResource("/native/linux-x86_64/libroutecbpf.so"),
                "built by make in process-classes");
    }
}
