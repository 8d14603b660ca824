package dev.routec.cli;

/** The documented exit codes (LANGUAGE.md §8). */
public final class ExitCode {
    public static final int OK = 0;
    /** The input is wrong: diagnostics were printed, or a test failed. */
    public static final int INPUT = 1;

    public static final int USAGE = 2;
    /** The environment lacks something: root/CAP_BPF, clang, bpffs. */
    public static final int ENVIRONMENT = 3;
    /** A bug in routec. */
    public static final int INTERNAL = 4;
    /** Another deploy holds the lock. */
    public static final int BUSY = 5;

    private ExitCode() {}
}
