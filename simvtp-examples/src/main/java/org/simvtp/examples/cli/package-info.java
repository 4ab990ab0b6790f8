/** The {@code simvtp} command-line tool: one picocli command per use case, documented exit codes. */
package org.simvtp.examples.cli;
