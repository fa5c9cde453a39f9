package io.onex.host.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnexExceptionTest {

    private static final HandlerType LOCAL = HandlerType.of("local");

    @Test
    void aMessageUpToTheBoundGoesOnTheWireAsItIs() {
        String message = "x".repeat(OnexException.MAX_WIRE_MESSAGE);
        assertThat(new NodeNotFoundException(message).toError(LOCAL, "local.echo").message()).isEqualTo(message);
    }

    @Test
    void aLongerMessageIsCutSayingHowMuchWasLeftOut() {
        String name = "n".repeat(100_000);
        String message = "no node '" + name + "' is hosted here";
        EnvelopeError error = new NodeNotFoundException(message).toError(LOCAL, "local.echo");
        assertThat(error.message()).startsWith("no node 'nnn").endsWith("... (" + (message.length() - 1024)
                + " more characters)");
        assertThat(error.message().length()).isLessThan(OnexException.MAX_WIRE_MESSAGE + 40);
        assertThat(error.code()).isEqualTo(ErrorCode.NODE_NOT_FOUND);
    }

    @Test
    void theCutNeverSplitsACharacter() {
        String message = "a".repeat(OnexException.MAX_WIRE_MESSAGE - 1) + "\uD83D\uDE00" + "tail";
        String wire = new HandlerExecutionException(message).toError(LOCAL, "local.echo").message();
        assertThat(wire).startsWith("a".repeat(OnexException.MAX_WIRE_MESSAGE - 1) + "...");
        assertThat(Character.isHighSurrogate(wire.charAt(OnexException.MAX_WIRE_MESSAGE - 2))).isFalse();
    }
}
