package dev.routec.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * An opened (and, after {@link #load()}, loaded) BPF ELF object: libbpf's {@code bpf_object} plus the
 * verifier log buffer. Lifecycle: {@code open → (configure maps) → load → use programs and maps → close}.
 * Programs and maps obtained here are owned by the object: their fds close with {@link #close()}, and
 * using them afterwards throws {@link IllegalStateException}. Not safe for concurrent close.
 */
public final class BpfObject implements AutoCloseable {
    private long handle;
    private boolean loadAttempted;
    private boolean loaded;
    private final List<String> programNames;
    private final List<String> mapNames;
    private final Map<String, BpfProgram> programs = new LinkedHashMap<>();
    private final Map<String, BpfMap> maps = new LinkedHashMap<>();

    private BpfObject(long handle) {
        this.handle = handle;
        this.programNames = List.of(BpfNative.objectProgramNames(handle));
        this.mapNames = List.of(BpfNative.objectMapNames(handle));
    }

    public static BpfObject open(byte[] elf) {
        return open(elf, OpenOptions.defaults());
    }

    /** Opens an ELF image held in memory (e.g. a resource). Nothing touches the kernel until load. */
    public static BpfObject open(byte[] elf, OpenOptions options) {
        createPinRoot(options);
        long h = BpfNative.objectOpenMem(
                elf,
                options.objectName().orElse("routec"),
                pinRoot(options),
                options.logBufferSize(),
                options.logLevel());
        return configured(h, options);
    }

    public static BpfObject openFile(Path path) {
        return openFile(path, OpenOptions.defaults());
    }

    public static BpfObject openFile(Path path, OpenOptions options) {
        createPinRoot(options);
        long h = BpfNative.objectOpenFile(
                path.toAbsolutePath().toString(),
                options.objectName().orElse(null),
                pinRoot(options),
                options.logBufferSize(),
                options.logLevel());
        return configured(h, options);
    }

    private static BpfObject configured(long handle, OpenOptions options) {
        BpfObject obj;
        try {
            obj = new BpfObject(handle);
        } catch (RuntimeException e) {
            BpfNative.objectClose(handle);
            throw e;
        }
        try {
            options.mapPinPaths().forEach(obj::setMapPinPath);
            options.reusedMaps().forEach(obj::reuseMap);
            options.maxEntries().forEach(obj::setMaxEntries);
            return obj;
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
    }

    private static String pinRoot(OpenOptions options) {
        return options.pinRoot().map(Path::toString).orElse(null);
    }

    private static void createPinRoot(OpenOptions options) {
        options.pinRoot().ifPresent(root -> {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create pin root " + root, e);
            }
        });
    }

    /** Pin {@code map} at {@code path} on load (reusing a compatible map already pinned there). */
    public void setMapPinPath(String map, Path path) {
        ensureNotLoaded("set a map pin path");
        BpfNative.objectSetMapPinPath(live(), map, path.toAbsolutePath().toString());
    }

    /** Use {@code existing} for {@code map} instead of creating it (the object takes its own dup). */
    public void reuseMap(String map, BpfMap existing) {
        ensureNotLoaded("reuse a map");
        BpfNative.objectReuseMapFd(live(), map, existing.fd());
    }

    public void setMaxEntries(String map, int entries) {
        ensureNotLoaded("resize a map");
        if (entries < 1) {
            throw new IllegalArgumentException("max entries must be positive: " + entries);
        }
        BpfNative.objectSetMapMaxEntries(live(), map, entries);
    }

    /**
     * Creates the maps and loads every program into the kernel. A verifier rejection throws {@link
     * BpfException} whose {@link BpfException#verifierLog()} holds the full log.
     */
    public void load() {
        ensureNotLoaded("load");
        loadAttempted = true;
        BpfNative.objectLoad(live());
        loaded = true;
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** The programs' names (C function names), in ELF order. */
    public List<String> programNames() {
        return programNames;
    }

    /** The maps' names, in ELF order, including libbpf's internal ones (e.g. {@code .rodata}). */
    public List<String> mapNames() {
        return mapNames;
    }

    public BpfProgram program(String name) {
        return findProgram(name).orElseThrow(() -> missing("program", name, programNames));
    }

    public Optional<BpfProgram> findProgram(String name) {
        ensureLoaded();
        if (!programNames.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(programs.computeIfAbsent(
                name, n -> BpfProgram.borrowed(this, n, BpfNative.objectProgramFd(handle, n))));
    }

    public BpfMap map(String name) {
        return findMap(name).orElseThrow(() -> missing("map", name, mapNames));
    }

    public Optional<BpfMap> findMap(String name) {
        ensureLoaded();
        if (!mapNames.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(maps.computeIfAbsent(name, n -> BpfMap.borrowed(this, n, BpfNative.objectMapFd(handle, n))));
    }

    public List<BpfProgram> programs() {
        List<BpfProgram> all = new ArrayList<>();
        programNames.forEach(n -> all.add(program(n)));
        return List.copyOf(all);
    }

    public List<BpfMap> maps() {
        List<BpfMap> all = new ArrayList<>();
        mapNames.forEach(n -> all.add(map(n)));
        return List.copyOf(all);
    }

    /** Where libbpf pins (or pinned) {@code map}, if anywhere. */
    public Optional<Path> mapPinPath(String map) {
        return Optional.ofNullable(BpfNative.objectMapPinPath(live(), map)).map(Path::of);
    }

    /**
     * The verifier log buffer's contents: the last program's log when a log level was set, or the
     * failing program's log after a rejected load; otherwise empty.
     */
    public String verifierLog() {
        return new String(BpfNative.objectLog(live()), StandardCharsets.UTF_8);
    }

    /** Closes the object: every program and map fd of it, and the log buffer. Idempotent. */
    @Override
    public synchronized void close() {
        if (handle != 0) {
            long h = handle;
            handle = 0;
            BpfNative.objectClose(h);
        }
    }

    synchronized void ensureOpen() {
        if (handle == 0) {
            throw new IllegalStateException("BPF object is closed");
        }
    }

    private long live() {
        ensureOpen();
        return handle;
    }

    private void ensureLoaded() {
        ensureOpen();
        if (!loaded) {
            throw new IllegalStateException("BPF object is not loaded yet: call load() first");
        }
    }

    private void ensureNotLoaded(String what) {
        ensureOpen();
        if (loadAttempted) {
            throw new IllegalStateException("cannot " + what + ": the BPF object was already "
                    + (loaded ? "loaded" : "loaded once, and that failed"));
        }
    }

    private static NoSuchElementException missing(String kind, String name, List<String> names) {
        return new NoSuchElementException("no " + kind + " '" + name + "' in the BPF object; it has " + names);
    }
}
