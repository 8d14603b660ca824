package dev.routec.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A network namespace an operation runs in: the caller's own ({@link #current()}) or the one a file
 * refers to ({@code /var/run/netns/NAME}, {@code /proc/PID/ns/net}). The native call enters it, does
 * its work and returns to the thread's namespace before it returns.
 */
public record NetNs(Optional<Path> path) {
    private static final NetNs CURRENT = new NetNs(Optional.empty());

    public NetNs {
        path = path.map(Path::toAbsolutePath);
    }

    /** The calling thread's namespace: no switch. */
    public static NetNs current() {
        return CURRENT;
    }

    /** A namespace created by {@code ip netns add NAME}: {@code /var/run/netns/NAME}. */
    public static NetNs named(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf(0) >= 0) {
            throw new IllegalArgumentException("bad network namespace name: '" + name + "'");
        }
        return new NetNs(Optional.of(Path.of("/var/run/netns", name)));
    }

    /** The namespace the file at {@code path} refers to. */
    public static NetNs of(Path path) {
        return new NetNs(Optional.of(path));
    }

    /** For the native calls: the path, or null for the current namespace. */
    String nativePath() {
        return path.map(Path::toString).orElse(null);
    }

    @Override
    public String toString() {
        return path.map(p -> "netns " + p).orElse("current netns");
    }
}
