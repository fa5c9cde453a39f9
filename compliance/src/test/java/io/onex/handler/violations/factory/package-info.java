/** Handler code that breaks the architecture rules on purpose, for the compliance tests. */
package io.onex.handler.violations.factory;
