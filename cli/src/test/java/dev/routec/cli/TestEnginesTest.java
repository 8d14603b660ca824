package dev.routec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.testing.Engine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestEnginesTest {
    static Engine.Factory kernel(Optional<String> unavailable) {
        return new Engine.Factory() {
            @Override
            public String name() {
                return "kernel";
            }

            @Override
            public Optional<String> unavailable() {
                return unavailable;
            }

            @Override
            public Engine open(CheckedPolicy policy) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static List<String> names(TestEngines.Selection s) {
        return s.factories().stream().map(Engine.Factory::name).toList();
    }

    @Test
    void anAvailableKernelRunsNextToTheInterpreter() {
        TestEngines.Selection s = TestEngines.select(true, Optional.of(kernel(Optional.empty())));
        assertEquals(List.of("interpreter", "kernel"), names(s));
        assertEquals(List.of(), s.notes());
    }

    @Test
    void anUnavailableKernelIsOneNoteUnlessRequired() {
        TestEngines.Selection s = TestEngines.select(false, Optional.of(kernel(Optional.of("needs root or CAP_BPF"))));
        assertEquals(List.of("interpreter"), names(s));
        assertEquals(1, s.notes().size());
        assertTrue(
                s.notes().get(0).startsWith("kernel engine unavailable: needs root or CAP_BPF;"),
                s.notes().get(0));
        UserError e = assertThrows(
                UserError.class, () -> TestEngines.select(true, Optional.of(kernel(Optional.of("needs root")))));
        assertEquals(ExitCode.ENVIRONMENT, e.exitCode());
    }

    @Test
    void withoutAKernelEngineTheInterpreterRunsAloneWithANote() {
        TestEngines.Selection s = TestEngines.select(true, Optional.empty());
        assertEquals(List.of("interpreter"), names(s));
        assertEquals(1, s.notes().size());
    }
}
