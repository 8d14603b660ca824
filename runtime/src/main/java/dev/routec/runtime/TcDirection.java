package dev.routec.runtime;

/** The clsact hook side a TC program runs on. */
public enum TcDirection {
    INGRESS(46),
    EGRESS(47);

    /** BPF_TCX_INGRESS / BPF_TCX_EGRESS: not in libbpf 1.1's headers, passed through raw. */
    private final int tcxAttachType;

    TcDirection(int tcxAttachType) {
        this.tcxAttachType = tcxAttachType;
    }

    int tcxAttachType() {
        return tcxAttachType;
    }
}
