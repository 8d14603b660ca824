package dev.routec.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the JNI shim {@code libroutecbpf.so} once per class loader.
 *
 * <p>Order: the file named by {@code -Droutec.native.path}; otherwise the copy shipped in the jar
 * ({@code /native/linux-<arch>/libroutecbpf.so}, also inside a shaded jar), extracted once to a
 * content-addressed cache directory, {@code $XDG_CACHE_HOME/routec/native/<sha256>/} or {@code
 * ~/.cache/routec/native/<sha256>/}, falling back to {@code <tmpdir>/routec-native-<user>-<sha256>/}.
 * A cached file is used only if its hash still matches, so a truncated or tampered copy is replaced.
 */
public final class NativeLoader {
    /** System property naming the shared library file to load instead of the bundled one. */
    public static final String PATH_PROPERTY = "routec.native.path";

    static final String LIB_NAME = "libroutecbpf.so";

    private static boolean loaded;
    private static UnsatisfiedLinkError failure;

    private NativeLoader() {}

    /**
     * Loads the library if not yet loaded. Throws {@link UnsatisfiedLinkError} (the same one on every
     * call after a failure) with the reason.
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            System.load(locate().toString());
            loaded = true;
        } catch (UnsatisfiedLinkError e) {
            failure = e;
            throw e;
        } catch (IOException | RuntimeException e) {
            failure = linkError("cannot prepare the routec native library: " + e.getMessage(), e);
            throw failure;
        }
    }

    private static Path locate() throws IOException {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String resource = resourcePath();
        byte[] lib;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw linkError(
                        "routec native library not found: no resource " + resource + " and no -D" + PATH_PROPERTY,
                        null);
            }
            lib = in.readAllBytes();
        }
        return extract(lib, cacheRoots());
    }

    static String resourcePath() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String dir = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return "/native/linux-" + dir + "/" + LIB_NAME;
    }

    /**
     * Writes {@code lib} to {@code <root>/<sha256>/libroutecbpf.so} under the first usable root, unless
     * an identical file is already there; returns the file.
     */
    static Path extract(byte[] lib, Iterable<Path> roots) throws IOException {
        String sha = sha256(lib);
        IOException last = null;
        for (Path root : roots) {
            try {
                return extractInto(lib, sha, root);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no cache directory for the native library");
    }

    private static Path extractInto(byte[] lib, String sha, Path root) throws IOException {
        Path dir = root.resolve(sha);
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        checkPrivate(root);
        checkPrivate(dir);
        Path target = dir.resolve(LIB_NAME);
        if (Files.isRegularFile(target) && sha.equals(sha256(Files.readAllBytes(target)))) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, LIB_NAME, ".tmp");
        try {
            Files.write(tmp, lib);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A directory we load code from (possibly under /tmp) must be ours and not writable by others. */
    private static void checkPrivate(Path dir) throws IOException {
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(dir).getName();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (!owner.equals(me)
                || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " is not a private directory of " + me);
        }
    }

    private static List<Path> cacheRoots() {
        Path tmpRoot = Path.of(
                System.getProperty("java.io.tmpdir"), "routec-native-" + System.getProperty("user.name", "user"));
        Optional<Path> home = Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .or(() -> Optional.ofNullable(System.getProperty("user.home")).map(h -> Path.of(h, ".cache")))
                .map(p -> p.resolve("routec").resolve("native"));
        return home.map(h -> List.of(h, tmpRoot)).orElse(List.of(tmpRoot));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
