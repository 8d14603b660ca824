package dev.routec.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A failed kernel or libbpf operation: the operation, the errno, the messages libbpf printed during the
 * call and, for a failed load, the verifier log. The message carries only the tail of the verifier log
 * ({@value #LOG_TAIL_LINES} lines); {@link #verifierLog()} has all of it.
 */
public final class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How many trailing verifier-log lines the message shows. */
    public static final int LOG_TAIL_LINES = 60;

    private static final int LIBBPF_TAIL_LINES = 30;

    private final String operation;
    private final int errno;
    private final String libbpfLog;
    private final String verifierLog;

    /** Called by the native shim. */
    BpfException(String operation, int errno, byte[] libbpfLog, byte[] verifierLog) {
        this(operation, errno, utf8(libbpfLog), utf8(verifierLog));
    }

    BpfException(String operation, int errno, String libbpfLog, String verifierLog) {
        super(compose(operation, errno, libbpfLog, verifierLog));
        this.operation = operation;
        this.errno = errno;
        this.libbpfLog = libbpfLog;
        this.verifierLog = verifierLog;
    }

    /** An error found on the Java side with an errno meaning (e.g. EINVAL for a bad size). */
    static BpfException of(String operation, int errno) {
        return new BpfException(operation, errno, "", "");
    }

    /** What was being done, e.g. {@code load BPF object 'policy'}. */
    public String operation() {
        return operation;
    }

    /** The positive errno value (13 for EACCES). */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EACCES}, or {@code errno N} if unknown. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** Everything libbpf printed (warnings and info) during the failed call; may be empty. */
    public String libbpfLog() {
        return libbpfLog;
    }

    /** The complete verifier log of a failed load; empty if the failure was not the verifier's. */
    public String verifierLog() {
        return verifierLog;
    }

    /** True when a BPF program was rejected by the verifier (a failed load that produced a log). */
    public boolean isVerifierRejection() {
        return !verifierLog.isEmpty();
    }

    private static String compose(String op, int errno, String libbpf, String vlog) {
        StringBuilder sb = new StringBuilder(op)
                .append(": ")
                .append(Errno.describe(errno))
                .append(" (")
                .append(Errno.name(errno).startsWith("errno") ? "" : Errno.name(errno) + ", ")
                .append("errno ")
                .append(errno)
                .append(')');
        appendTail(sb, "libbpf", libbpf, LIBBPF_TAIL_LINES);
        appendTail(sb, "verifier log", vlog, LOG_TAIL_LINES);
        return sb.toString();
    }

    private static void appendTail(StringBuilder sb, String title, String text, int max) {
        List<String> lines = text.strip().lines().toList();
        if (lines.isEmpty()) {
            return;
        }
        int from = Math.max(0, lines.size() - max);
        sb.append('\n').append(title);
        if (from > 0) {
            sb.append(" (last ").append(max).append(" of ").append(lines.size()).append(" lines)");
        }
        sb.append(":\n").append(String.join("\n", lines.subList(from, lines.size())));
    }

    private static String utf8(byte[] bytes) {
        return Optional.ofNullable(bytes)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("");
    }
}
