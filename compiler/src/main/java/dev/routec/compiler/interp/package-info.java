/**
 * The reference interpreter: the executable meaning of a checked policy (LANGUAGE.md §4–§6) and the
 * oracle the kernel is compared against. {@link dev.routec.compiler.interp.Interpreter} runs a
 * policy on frame bytes; {@link dev.routec.compiler.interp.RuntimeState} holds the runtime
 * contents of sets, maps and pools, the reverse-NAT flow table and the token buckets; {@link
 * dev.routec.compiler.interp.TestRunner} runs a policy's {@code test} blocks. Hashing, Maglev
 * tables, token buckets and flow-table layouts come from {@link dev.routec.compiler.datapath},
 * which the eBPF back end mirrors.
 */
package dev.routec.compiler.interp;
