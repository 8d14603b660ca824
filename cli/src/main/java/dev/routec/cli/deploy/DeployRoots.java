package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.runtime.Bpf;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where deployments live. Pins: one bpffs directory per policy under {@code bpffs}
 * ({@code /sys/fs/bpf/routec/<policy>/}). bpffs holds only pins and directories, so the record of a
 * deployment (state, manifest and source copies) and the lock file live under {@code state}
 * ({@code /run/routec/<policy>/}); both are in memory and end together at reboot.
 *
 * <p>Overrides (tests, several independent installations): environment {@code ROUTEC_BPFFS} /
 * {@code ROUTEC_STATE}, or system properties {@code routec.bpffs} / {@code routec.state}, which win.
 * When only the bpffs root is overridden, the state root is derived from it so that two roots never
 * share state.
 */
public record DeployRoots(Path bpffs, Path state) {
    public static final Path DEFAULT_BPFFS = Path.of("/sys/fs/bpf/routec");
    public static final Path DEFAULT_STATE = Path.of("/run/routec");

    /** Policy names are identifiers (LANGUAGE.md §2), so they are safe as directory names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public DeployRoots {
        bpffs = bpffs.toAbsolutePath().normalize();
        state = state.toAbsolutePath().normalize();
    }

    public static DeployRoots fromEnvironment() {
        Optional<Path> pins = setting("routec.bpffs", "ROUTEC_BPFFS");
        Optional<Path> state = setting("routec.state", "ROUTEC_STATE");
        Path p = pins.orElse(DEFAULT_BPFFS);
        Path s = state.orElseGet(() -> pins.isEmpty()
                ? DEFAULT_STATE
                : DEFAULT_STATE
                        .resolve("roots")
                        .resolve(p.toAbsolutePath()
                                .normalize()
                                .toString()
                                .substring(1)
                                .replace('/', '_')));
        return new DeployRoots(p, s);
    }

    private static Optional<Path> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    public Path pinDir(String policy) {
        return bpffs.resolve(checkName(policy));
    }

    public Path stateDir(String policy) {
        return state.resolve(checkName(policy));
    }

    public Path lockFile() {
        return state.resolve("lock");
    }

    /** A policy name as given on the command line; exit 1 if it cannot be one. */
    public static String checkName(String policy) {
        if (!NAME.matcher(policy).matches())
            throw new UserError(ExitCode.INPUT, "`" + policy + "` is not a policy name (an identifier)");
        return policy;
    }

    /** Exit 3 unless the pin root is on a mounted bpffs. */
    public void requireBpffs() {
        for (Path p = bpffs; p != null; p = p.getParent()) {
            if (Bpf.isBpffs(p)) return;
        }
        throw new UserError(
                ExitCode.ENVIRONMENT,
                bpffs + " is not on a BPF file system; mount it (mount -t bpf bpf /sys/fs/bpf) or set ROUTEC_BPFFS");
    }
}
