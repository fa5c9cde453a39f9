package io.onex.host.core.runtime;

/**
 * A host's progress signal, for liveness: how many envelopes it has answered so far, and whether
 * work is waiting for it. A host with work waiting whose answered count stops moving is stuck.
 *
 * @param answered    envelopes answered since the host started, successfully or not
 * @param workWaiting whether envelopes are in flight or queued on the input topic
 */
public record Progress(long answered, boolean workWaiting) {
}
