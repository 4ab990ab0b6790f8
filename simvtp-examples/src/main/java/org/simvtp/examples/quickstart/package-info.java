/** The quick-start job: synthetic data, short pre-training, zero-shot retrieval, reconstruction images. */
package org.simvtp.examples.quickstart;
