package dev.routec.cli.deploy;

import dev.routec.cli.Json;
import dev.routec.cli.deploy.JsonReader.Obj;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The record of one deployment ({@code <state root>/<policy>/state.json}): where it is attached and
 * how, so a later run can replace, verify or remove exactly what routec attached and nothing else.
 * Next to it: {@code manifest.json} and {@code source.route}, copies of what was deployed.
 */
public record DeployState(
        String policy,
        String source,
        Optional<String> netns,
        long generation,
        String deployedAt,
        List<HookState> hooks,
        List<String> clsactOwned) {

    public static final String STATE = "state.json";
    public static final String MANIFEST = "manifest.json";
    public static final String SOURCE = "source.route";

    public DeployState {
        hooks = List.copyOf(hooks);
        clsactOwned = List.copyOf(clsactOwned);
    }

    /**
     * One attachment. TC: {@code handle}/{@code priority} of the filter on the clsact hook. XDP:
     * {@code xdpMode} (auto, skb, native), handle and priority 0.
     */
    public record HookState(
            String hook,
            String iface,
            int ifindex,
            String program,
            int progId,
            int handle,
            int priority,
            Optional<String> xdpMode) {
        public boolean isXdp() {
            return hook.equals("xdp");
        }

        public boolean isTc() {
            return !isXdp();
        }
    }

    public Optional<HookState> hook(String hook) {
        return hooks.stream().filter(h -> h.hook().equals(hook)).findFirst();
    }

    public DeployState withClsactOwned(List<String> owned) {
        return new DeployState(policy, source, netns, generation, deployedAt, hooks, owned);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"format\": 1,\n");
        sb.append("  \"policy\": ").append(Json.str(policy)).append(",\n");
        sb.append("  \"source\": ").append(Json.str(source)).append(",\n");
        sb.append("  \"netns\": ").append(Json.str(netns.orElse(null))).append(",\n");
        sb.append("  \"generation\": ").append(generation).append(",\n");
        sb.append("  \"deployed_at\": ").append(Json.str(deployedAt)).append(",\n");
        sb.append("  \"hooks\": [");
        for (int i = 0; i < hooks.size(); i++) {
            HookState h = hooks.get(i);
            sb.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"hook\": ")
                    .append(Json.str(h.hook()))
                    .append(", \"iface\": ")
                    .append(Json.str(h.iface()))
                    .append(", \"ifindex\": ")
                    .append(h.ifindex())
                    .append(", \"program\": ")
                    .append(Json.str(h.program()))
                    .append(", \"prog_id\": ")
                    .append(h.progId())
                    .append(", \"handle\": ")
                    .append(Integer.toUnsignedString(h.handle()))
                    .append(", \"priority\": ")
                    .append(h.priority())
                    .append(", \"xdp_mode\": ")
                    .append(Json.str(h.xdpMode().orElse(null)))
                    .append('}');
        }
        sb.append(hooks.isEmpty() ? "],\n" : "\n  ],\n");
        sb.append("  \"clsact_owned\": [");
        for (int i = 0; i < clsactOwned.size(); i++)
            sb.append(i > 0 ? ", " : "").append(Json.str(clsactOwned.get(i)));
        sb.append("]\n}\n");
        return sb.toString();
    }

    public static DeployState parse(String json) {
        Obj o = Obj.of(JsonReader.parse(json));
        if (o.num("format") != 1) throw new IllegalArgumentException("unknown state format " + o.num("format"));
        return new DeployState(
                o.str("policy"),
                o.str("source"),
                o.optStr("netns"),
                o.num("generation"),
                o.str("deployed_at"),
                o.objs("hooks").stream()
                        .map(h -> new HookState(
                                h.str("hook"),
                                h.str("iface"),
                                (int) h.num("ifindex"),
                                h.str("program"),
                                (int) h.num("prog_id"),
                                (int) h.num("handle"),
                                (int) h.num("priority"),
                                h.optStr("xdp_mode")))
                        .toList(),
                o.strs("clsact_owned"));
    }

    // ---- files

    /** The state of {@code policy}, if it is deployed (its state file exists). */
    public static Optional<DeployState> read(DeployRoots roots, String policy) {
        Path f = roots.stateDir(policy).resolve(STATE);
        if (!Files.exists(f)) return Optional.empty();
        try {
            return Optional.of(parse(Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the deployment record " + f + " is damaged: " + e.getMessage(), e);
        }
    }

    public static String readFile(DeployRoots roots, String policy, String file) {
        Path f = roots.stateDir(policy).resolve(file);
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Writes a file of the deployment record atomically (write a temporary file, then rename). */
    public static void writeFile(DeployRoots roots, String policy, String file, String text) {
        Path dir = roots.stateDir(policy);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
        }
    }

    /** Names of every policy with a deployment record, sorted. */
    public static List<String> deployed(DeployRoots roots) {
        if (!Files.isDirectory(roots.state())) return List.of();
        try (var s = Files.list(roots.state())) {
            return s.filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + roots.state(), e);
        }
    }
}
