/** Parsing of JMH results, the Markdown/JSON report and the comparison with a committed baseline. */
package org.simvtp.jmh.report;
