/**
 * Text side of the pipeline: the bert-base-uncased WordPiece tokenizer (spec §2) shipped as a resource.
 */
package org.simvtp.data.text;
