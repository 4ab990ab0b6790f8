/** Data-parallel gradient exchange between model replicas (local now; multi-machine later). */
package org.simvtp.train.parallel;
