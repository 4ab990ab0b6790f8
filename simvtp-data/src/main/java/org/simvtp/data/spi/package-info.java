/** The {@code simvtp-data} implementation of {@link org.simvtp.core.spi.MediaSupport}, found by ServiceLoader. */
package org.simvtp.data.spi;
