/** Video tube masking and text (MLM) masking strategies, seedable and reference-compatible. */
package org.simvtp.core.masking;
