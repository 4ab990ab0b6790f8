/** Model configuration, masking strategies, patchify, sinusoid tables and retrieval metrics. */
package org.simvtp.core;
