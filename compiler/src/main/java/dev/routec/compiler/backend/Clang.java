package dev.routec.compiler.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs clang on the templates plus a generated header with pinned flags, a scrubbed environment
 * (only {@code PATH}) and a private temporary directory that is removed afterwards. The object is
 * deterministic: the debug information names the sources relative to {@code /routec}, never the
 * temporary directory.
 */
public final class Clang {
    private Clang() {}

    /** The flags of every BPF compile (the bpf-templates Makefile uses the same). */
    public static final List<String> FLAGS = List.of("-O2", "-g", "-target", "bpf", "-mcpu=v3", "-Wall", "-Werror");

    /** How long one compile may take. */
    private static final long TIMEOUT_S = 900;

    /** The compiler: system property {@code routec.clang}, else {@code ROUTEC_CLANG}, else {@code clang} on the PATH. */
    static String executable() {
        String e = System.getProperty("routec.clang", System.getenv("ROUTEC_CLANG"));
        return e != null && !e.isBlank() ? e : "clang";
    }

    /** The multiarch include directory that holds {@code asm/types.h} on Debian, if any. */
    static Optional<Path> archInclude() {
        String arch = System.getProperty("os.arch");
        String triple =
                switch (arch) {
                    case "amd64", "x86_64" -> "x86_64-linux-gnu";
                    case "aarch64", "arm64" -> "aarch64-linux-gnu";
                    default -> arch + "-linux-gnu";
                };
        Path p = Path.of("/usr/include", triple);
        return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }

    /** Compiles the template with {@code policyHeader}; returns the object's bytes. */
    public static byte[] compile(String policyHeader) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(
                    "routec-clang-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (Map.Entry<String, String> f : Templates.files().entrySet())
                Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(Templates.POLICY_HEADER), policyHeader, StandardCharsets.UTF_8);
            return run(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the clang working directory", e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    private static byte[] run(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(FLAGS);
        cmd.add("-fdebug-prefix-map=" + dir + "=/routec");
        cmd.add("-fdebug-compilation-dir=/routec");
        cmd.add("-I.");
        archInclude().ifPresent(p -> cmd.add("-I" + p));
        cmd.addAll(List.of("-c", Templates.MAIN, "-o", "policy.bpf.o"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new ClangException(
                    "clang was not found (" + executable()
                            + "): install it (apt-get install clang) or set ROUTEC_CLANG",
                    true,
                    "");
        }
        proc.getOutputStream().close();
        byte[] output = proc.getInputStream().readAllBytes();
        try {
            if (!proc.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new ClangException("clang did not finish within " + TIMEOUT_S + " s", false, "");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ClangException("interrupted while clang was running", false, "");
        }
        String text = new String(output, StandardCharsets.UTF_8).replace(dir.toString(), ".");
        if (proc.exitValue() != 0)
            throw new ClangException("clang failed (exit " + proc.exitValue() + ")", false, text);
        byte[] obj = Files.readAllBytes(dir.resolve("policy.bpf.o"));
        if (new String(obj, StandardCharsets.ISO_8859_1).contains(".rodata.cst"))
            throw new dev.routec.compiler.diag.InternalCompilerError(
                    "the object has a mergeable constant section (.rodata.cst*), which libbpf does not load as"
                            + " .rodata: a table of the generated header lacks RT_RODATA");
        return obj;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the directory is private and in the temporary directory
        }
    }
}
