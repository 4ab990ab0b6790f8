/**
 * Multi-process (multi-machine) data parallelism on Gloo: process groups, bucketed gradient all-reduce,
 * rendezvous configuration from the environment; see docs/distributed.md.
 */
package org.simvtp.train.distributed;
