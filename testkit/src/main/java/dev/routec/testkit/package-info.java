/**
 * routec's testkit: property tests of {@code .route} policies in Java.
 *
 * <p>{@link dev.routec.testkit.PolicyUnderTest} compiles one policy once and runs packets through
 * the compiled program in the kernel and through the reference interpreter, failing with a {@link
 * dev.routec.testkit.Disagreement} whenever they differ ({@link dev.routec.testkit.Comparison} says
 * in what); its {@code forAll} draws and shrinks packets as {@code routec test} does. {@link
 * dev.routec.testkit.Packets} gives the same draws, and malformed frames ({@link
 * dev.routec.testkit.Malform}), as QuickTheories generators; {@link
 * dev.routec.testkit.RouteAssertions} asserts on {@link dev.routec.testkit.Outcome}s in the words
 * of a {@code test} block.
 */
package dev.routec.testkit;
