/**
 * Classes that break the architecture rules on purpose, outside the handler packages. The
 * compliance tests feed them to the rules to prove that each rule fails, and how.
 */
package io.onex.compliance.violations;
