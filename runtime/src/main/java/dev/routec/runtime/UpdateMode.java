package dev.routec.runtime;

/** The flags of {@code bpf_map_update_elem}. */
public enum UpdateMode {
    /** Create or overwrite ({@code BPF_ANY}). */
    ANY(0),
    /** Create only; fails with EEXIST if the key is present ({@code BPF_NOEXIST}). */
    NO_EXIST(1),
    /** Overwrite only; fails with ENOENT if the key is absent ({@code BPF_EXIST}). */
    EXIST(2);

    private final long flags;

    UpdateMode(long flags) {
        this.flags = flags;
    }

    long flags() {
        return flags;
    }
}
