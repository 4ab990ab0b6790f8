/** Analytic matmul FLOP counts of the SimVTP workloads, from a configuration and the batch shape. */
package org.simvtp.jmh.flops;
