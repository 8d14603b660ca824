package dev.routec.compiler.interp;

import dev.routec.compiler.datapath.FlowHash;
import dev.routec.compiler.datapath.FlowTable;
import dev.routec.compiler.packet.PacketView;
import java.util.Optional;

/** The 5-tuple of a parsed packet as the datapath definitions see it (ports and proto 0 when absent). */
final class Flows {
    private Flows() {}

    static Optional<FlowTable.Tuple> tuple(PacketView v) {
        if (!v.hasIp()) return Optional.empty();
        return Optional.of(new FlowTable.Tuple(v.src(), sport(v), v.dst(), dport(v), proto(v)));
    }

    /** {@link FlowHash#hash} of an IP packet. */
    static int hash(PacketView v) {
        return FlowHash.hash(v.src(), v.dst(), sport(v), dport(v), proto(v));
    }

    static int sport(PacketView v) {
        return v.hasPorts() ? v.sport() : 0;
    }

    static int dport(PacketView v) {
        return v.hasPorts() ? v.dport() : 0;
    }

    static int proto(PacketView v) {
        return v.hasProto() ? v.proto() : 0;
    }
}
