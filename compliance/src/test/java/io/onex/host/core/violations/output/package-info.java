/** Library code that writes to the standard streams on purpose, for the compliance tests. */
package io.onex.host.core.violations.output;
