/** Small example programs, one use case per file, each with a {@code runExample} method and a {@code main}. */
package org.simvtp.examples;
