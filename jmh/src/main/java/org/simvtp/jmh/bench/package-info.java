/** The JMH benchmarks: yardstick matmul, masking, patchify, encoder forward, training steps, retrieval metrics. */
package org.simvtp.jmh.bench;
