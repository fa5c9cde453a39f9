/**
 * The handler of code nodes' own operations; exported to the composition root only, which
 * builds one per code node.
 */
package io.onex.host.core.code;
