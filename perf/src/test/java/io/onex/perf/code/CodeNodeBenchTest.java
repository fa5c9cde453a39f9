package io.onex.perf.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code-node measurement's host, run small: the contracts it writes load, the composed host
 * answers both kinds of request with successes (an error answer fails the run), and the figures
 * it reads are there.
 */
class CodeNodeBenchTest {

    private static final Path HOME = Path.of(System.getProperty("onex.perf.dir", "")).toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @Test
    void aSmallHostAnswersCodeAndPlainRequestsAndReportsItsMemory() {
        int nodes = CodeNodeBench.FEW;
        Path contracts = CodeNodeBench.writeContracts(dir, nodes);

        CodeNodeBench.Outcome code = CodeNodeBench.host(HOME, contracts, nodes,
                i -> CodeNodeBench.request(CodeNodeBench.codeNode(i % nodes), i), 500);
        CodeNodeBench.Outcome direct = CodeNodeBench.host(HOME, contracts, nodes, CodeNodeBench::directRequest, 500);

        for (CodeNodeBench.Outcome outcome : new CodeNodeBench.Outcome[] {code, direct}) {
            assertThat(outcome.firstAnswerMs()).isPositive();
            assertThat(outcome.perSecond()).isPositive();
            assertThat(outcome.heapMb()).isPositive();
            assertThat(outcome.rssMb()).isPositive();
            assertThat(outcome.cpuMicros()).isPositive();
        }
    }
}
