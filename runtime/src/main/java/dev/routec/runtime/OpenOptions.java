package dev.routec.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link BpfObject} opens an ELF object.
 *
 * <ul>
 *   <li>{@code pinRoot}: directory (on bpffs) where maps declared {@code LIBBPF_PIN_BY_NAME} are pinned
 *       and, if already pinned there, reused. Empty: nothing is pinned by name (libbpf would otherwise
 *       pin and silently reuse maps at {@code /sys/fs/bpf/<name>}).
 *   <li>{@code mapPinPaths}: per-map pin path; at load, an existing pin there is reused (if compatible),
 *       else the new map is pinned there.
 *   <li>{@code reusedMaps}: per-map existing map whose fd the object uses instead of creating one.
 *   <li>{@code maxEntries}: per-map max_entries override.
 *   <li>{@code logBufferSize}/{@code logLevel}: the verifier log buffer, owned by the object. Level 0
 *       logs only on failure (libbpf retries the failed load with level 1).
 * </ul>
 */
public record OpenOptions(
        Optional<Path> pinRoot,
        Optional<String> objectName,
        int logBufferSize,
        int logLevel,
        Map<String, Path> mapPinPaths,
        Map<String, BpfMap> reusedMaps,
        Map<String, Integer> maxEntries) {
    /** 16 MiB: smaller buffers turn big verifier logs into ENOSPC and hide the real error. */
    public static final int DEFAULT_LOG_BUFFER_SIZE = 16 << 20;

    private static final OpenOptions DEFAULTS = new OpenOptions(
            Optional.empty(), Optional.empty(), DEFAULT_LOG_BUFFER_SIZE, 0, Map.of(), Map.of(), Map.of());

    public OpenOptions {
        if (logBufferSize < 4096 || logBufferSize > (1 << 30)) {
            throw new IllegalArgumentException("logBufferSize must be in [4 KiB, 1 GiB]: " + logBufferSize);
        }
        if (logLevel < 0 || logLevel > 7) {
            throw new IllegalArgumentException("logLevel must be in [0, 7] (bits 1 = basic, 2 = verbose, 4 = stats)");
        }
        pinRoot = pinRoot.map(Path::toAbsolutePath);
        mapPinPaths = frozen(mapPinPaths);
        reusedMaps = frozen(reusedMaps);
        maxEntries = frozen(maxEntries);
    }

    public static OpenOptions defaults() {
        return DEFAULTS;
    }

    public OpenOptions withPinRoot(Path root) {
        return new OpenOptions(
                Optional.of(root), objectName, logBufferSize, logLevel, mapPinPaths, reusedMaps, maxEntries);
    }

    public OpenOptions withObjectName(String name) {
        return new OpenOptions(
                pinRoot, Optional.of(name), logBufferSize, logLevel, mapPinPaths, reusedMaps, maxEntries);
    }

    public OpenOptions withLogBufferSize(int bytes) {
        return new OpenOptions(pinRoot, objectName, bytes, logLevel, mapPinPaths, reusedMaps, maxEntries);
    }

    public OpenOptions withLogLevel(int level) {
        return new OpenOptions(pinRoot, objectName, logBufferSize, level, mapPinPaths, reusedMaps, maxEntries);
    }

    public OpenOptions withMapPinPath(String map, Path path) {
        return new OpenOptions(
                pinRoot, objectName, logBufferSize, logLevel, plus(mapPinPaths, map, path), reusedMaps, maxEntries);
    }

    public OpenOptions withReusedMap(String map, BpfMap existing) {
        return new OpenOptions(
                pinRoot, objectName, logBufferSize, logLevel, mapPinPaths, plus(reusedMaps, map, existing), maxEntries);
    }

    public OpenOptions withMaxEntries(String map, int entries) {
        return new OpenOptions(
                pinRoot, objectName, logBufferSize, logLevel, mapPinPaths, reusedMaps, plus(maxEntries, map, entries));
    }

    private static <V> Map<String, V> plus(Map<String, V> m, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(m);
        copy.put(Objects.requireNonNull(key, "map name"), Objects.requireNonNull(value, "value"));
        return copy;
    }

    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
