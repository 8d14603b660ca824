package dev.routec.compiler.ir;

import dev.routec.compiler.net.IpAddr;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** An action with every name resolved to an id (LANGUAGE.md §5). */
public sealed interface IrAction {
    default boolean isVerdict() {
        return this instanceof Pass || this instanceof Drop || this instanceof Redirect || this instanceof Route;
    }

    record Pass() implements IrAction {}

    record Drop() implements IrAction {}

    /** {@code redirect}: to the interface in {@code slot}. */
    record Redirect(int slot) implements IrAction {}

    record Route(OptionalLong table, Optional<IpAddr> via) implements IrAction {}

    /** {@code dnat}/{@code snat} to a fixed address, with an optional port. */
    record Nat(boolean src, IpAddr addr, OptionalInt port) implements IrAction {}

    /**
     * {@code dnat to POOL}: {@code pool} indexes {@link IrPolicy#pools()}; {@code memberPorts} when its
     * members carry ports ({@code ipv4:port}), which are then written whatever they are, 0 included.
     */
    record NatPool(int pool, OptionalInt port, boolean memberPorts) implements IrAction {}

    /** The value of a {@code set} action: a constant, or value expression {@code id}. */
    sealed interface Value {}

    record ConstValue(long value) implements Value {}

    record ExprValue(int id) implements Value {}

    enum SetTarget {
        MARK,
        DSCP,
        TTL
    }

    record Set(SetTarget target, Value value) implements IrAction {}

    record Mirror(int slot) implements IrAction {}

    /** {@code limit}: {@code id} indexes {@link IrPolicy#limits()}. */
    record Limit(int id) implements IrAction {}

    /** {@code log}: {@code tag} indexes {@link IrPolicy#tags()}, or is empty. */
    record Log(OptionalInt tag) implements IrAction {}

    record Continue() implements IrAction {}
}
