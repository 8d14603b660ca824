package dev.routec.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Process-wide facts and helpers: whether BPF can be used here, CPU count, unpinning. */
public final class Bpf {
    /** Where bpffs must be mounted for pins. */
    public static final Path BPFFS = Path.of("/sys/fs/bpf");

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_BPF = 39;
    private static final int PROG_TYPE_SCHED_CLS = 3;

    private static volatile Optional<String> availability;

    private Bpf() {}

    /**
     * Empty if this process can load, attach and pin BPF programs; otherwise why not (missing
     * capabilities, bpffs not mounted on /sys/fs/bpf, native library not loadable, kernel refuses a
     * trivial SCHED_CLS program). Computed once.
     */
    public static Optional<String> kernelAvailable() {
        Optional<String> a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    private static Optional<String> probe() {
        Optional<String> caps = missingCapabilities();
        if (caps.isPresent()) {
            return caps;
        }
        if (!isBpffs(BPFFS)) {
            return Optional.of("bpffs is not mounted on " + BPFFS + " (mount -t bpf bpf " + BPFFS + ")");
        }
        try {
            NativeLoader.load();
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("cannot load the routec native library: " + e.getMessage());
        }
        int r = BpfNative.probeProgType(PROG_TYPE_SCHED_CLS);
        if (r != 1) {
            return Optional.of("the kernel refuses to load a trivial SCHED_CLS program"
                    + (r < 0 ? " (" + Errno.name(-r) + ")" : ""));
        }
        return Optional.empty();
    }

    /** Checks CapEff for CAP_BPF or CAP_SYS_ADMIN, and CAP_NET_ADMIN. */
    static Optional<String> missingCapabilities() {
        Optional<BigInteger> eff = readCapEff();
        if (eff.isEmpty()) {
            return Optional.of("cannot read CapEff from /proc/self/status");
        }
        BigInteger caps = eff.get();
        if (!caps.testBit(CAP_BPF) && !caps.testBit(CAP_SYS_ADMIN)) {
            return Optional.of("missing capability CAP_BPF (or CAP_SYS_ADMIN): run as root");
        }
        if (!caps.testBit(CAP_NET_ADMIN)) {
            return Optional.of("missing capability CAP_NET_ADMIN: run as root");
        }
        return Optional.empty();
    }

    private static Optional<BigInteger> readCapEff() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("CapEff:"))
                    .map(l -> new BigInteger(l.substring("CapEff:".length()).strip(), 16))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code dir} is a mount point of the BPF file system (per /proc/self/mounts). */
    public static boolean isBpffs(Path dir) {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
            String want = dir.toAbsolutePath().normalize().toString();
            return mounts.stream()
                    .map(l -> l.split(" "))
                    .anyMatch(f -> f.length > 2 && f[1].equals(want) && f[2].equals("bpf"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Number of possible CPUs (slots of a per-CPU map value). */
    public static int possibleCpus() {
        return BpfMap.possibleCpus();
    }

    /** Removes a pin (program, map or link) from bpffs; false if there was none. */
    public static boolean unpin(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpin " + path, e);
        }
    }
}
