package io.onex.host.api.violations;

import java.sql.Timestamp;

/**
 * An API record that uses java.sql: a java.. package, but not java.base.
 *
 * @param at when it happened
 */
public record SqlTimestamped(Timestamp at) {
}
