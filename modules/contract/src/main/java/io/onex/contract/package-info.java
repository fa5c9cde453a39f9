/** Loading and validation of runtime host contracts and node contracts. */
package io.onex.contract;
