/**
 * Elastic multi-process launching: start the ranks of a node, prefix their output, restart every rank of every node
 * after a restartable failure; see docs/distributed.md.
 */
package org.simvtp.train.launch;
