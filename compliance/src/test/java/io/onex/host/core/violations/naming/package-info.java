/** Host code that breaks the architecture rules on purpose, for the compliance tests. */
package io.onex.host.core.violations.naming;
