/**
 * The SimVTP JMH performance suite: benchmarks ({@code bench}), analytic FLOP counts ({@code flops}), the
 * report and baseline comparison ({@code report}) and the {@link org.simvtp.jmh.SuiteReport} entry point that
 * {@code jmh/run-benchmarks.sh} calls after JMH.
 */
package org.simvtp.jmh;
