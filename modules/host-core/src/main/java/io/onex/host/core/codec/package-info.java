/** The envelope JSON codec. */
package io.onex.host.core.codec;
