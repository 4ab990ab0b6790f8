/**
 * Service-provider interface through which modules that cannot see {@code simvtp-data} (the {@code Simvtp} facade in
 * {@code simvtp-models}) decode videos and tokenise captions; {@code simvtp-data} provides the implementation.
 */
package org.simvtp.core.spi;
