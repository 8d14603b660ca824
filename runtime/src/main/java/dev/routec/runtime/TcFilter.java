package dev.routec.runtime;

/**
 * A TC BPF filter on a clsact hook, as {@link Tc#attach} left it. {@code createdHook} is true when that
 * attach created the clsact qdisc: only then may routec remove the qdisc again (removing it deletes
 * every filter on the device, other tools' included). Persist it if detaching happens in a later run.
 */
public record TcFilter(
        NetNs netns,
        int ifindex,
        TcDirection direction,
        int handle,
        int priority,
        int programId,
        boolean createdHook) {}
