package dev.routec.cli;

import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.DeployState;
import dev.routec.cli.deploy.Deployer;
import java.util.List;

/** Text and JSON renderings of deployment results. */
final class DeployOutput {
    private DeployOutput() {}

    static String human(Deployer.Result r, DeployRoots roots) {
        DeployState s = r.state();
        StringBuilder sb = new StringBuilder((r.first() ? "deployed" : "redeployed") + " policy `" + s.policy() + "`");
        sb.append(" (generation ").append(s.generation()).append(')');
        s.netns().ifPresent(n -> sb.append(" in netns ").append(n));
        sb.append("; maps pinned in ").append(roots.pinDir(s.policy()));
        for (String n : r.notes()) sb.append("\n  ").append(n);
        return sb.toString();
    }

    static String json(Deployer.Result r) {
        DeployState s = r.state();
        return "{\"policy\":" + Json.str(s.policy())
                + ",\"first\":" + r.first()
                + ",\"generation\":" + s.generation()
                + ",\"netns\":" + Json.str(s.netns().orElse(null))
                + ",\"hooks\":" + hooks(s.hooks())
                + ",\"notes\":" + strings(r.notes())
                + "}";
    }

    static String hooks(List<DeployState.HookState> hooks) {
        StringBuilder sb = new StringBuilder("[");
        for (DeployState.HookState h : hooks) {
            if (sb.length() > 1) sb.append(',');
            sb.append("{\"hook\":")
                    .append(Json.str(h.hook()))
                    .append(",\"iface\":")
                    .append(Json.str(h.iface()))
                    .append(",\"ifindex\":")
                    .append(h.ifindex())
                    .append(",\"prog_id\":")
                    .append(h.progId());
            if (h.isTc())
                sb.append(",\"handle\":")
                        .append(h.handle())
                        .append(",\"priority\":")
                        .append(h.priority());
            else sb.append(",\"xdp_mode\":").append(Json.str(h.xdpMode().orElse("auto")));
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    static String strings(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (String s : l) sb.append(sb.length() > 1 ? "," : "").append(Json.str(s));
        return sb.append(']').toString();
    }
}
