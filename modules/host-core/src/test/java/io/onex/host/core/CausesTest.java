package io.onex.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CausesTest {

    private final ConnectException refused = new ConnectException("refused");
    private final IOException wrapped = new IOException("wrapped", refused);
    private final RuntimeException outer = new RuntimeException("outer", new UncheckedIOException(wrapped));

    @Test
    void theChainListsTheErrorAndItsCausesOutermostFirst() {
        assertThat(Causes.chain(outer)).hasSize(4).startsWith(outer).endsWith(refused);
    }

    @Test
    void firstAndInnermostFindTheOuterAndTheInnerMatch() {
        assertThat(Causes.first(outer, IOException.class)).containsSame(wrapped);
        assertThat(Causes.innermost(outer, IOException.class)).containsSame(refused);
        assertThat(Causes.first(outer, IllegalStateException.class)).isEmpty();
    }

    @Test
    void theRootIsTheInnermostCause() {
        assertThat(Causes.root(outer)).isSameAs(refused);
        assertThat(Causes.root(refused)).isSameAs(refused);
    }

    @Test
    void aChainThatLoopsOrRunsVeryDeepIsCutOff() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(Causes.chain(first)).containsExactly(first, second);

        Throwable deep = new RuntimeException("0");
        for (int i = 1; i < 100; i++) {
            deep = new RuntimeException(Integer.toString(i), deep);
        }
        assertThat(Causes.chain(deep)).hasSize(Causes.MAX_DEPTH);
    }
}
