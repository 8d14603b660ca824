/**
 * Support for the Java bindings that {@code routec compile --java-out DIR --package P} generates:
 * one final class per policy whose typed facades call the tables here ({@link
 * dev.routec.bindings.SetTable}, {@link dev.routec.bindings.MapTable}, {@link
 * dev.routec.bindings.PoolTable}, {@link dev.routec.bindings.CounterTable}) over the maps that {@link
 * dev.routec.bindings.PolicyMaps} opens. Values are validated by {@link dev.routec.bindings.Codec};
 * bytes are encoded by {@code dev.routec.compiler.emit.MapLayout} and pool tables computed by {@code
 * dev.routec.compiler.datapath.Maglev}, the same definitions the compiler and loader use.
 */
package dev.routec.bindings;
