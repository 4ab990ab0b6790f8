/** Numerical comparison with golden tensors produced by the reference implementation. */
package org.simvtp.models.parity;
