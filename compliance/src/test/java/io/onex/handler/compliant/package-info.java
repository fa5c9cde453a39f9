/** Handler code that follows every architecture rule, to show that the rules accept it. */
package io.onex.handler.compliant;
