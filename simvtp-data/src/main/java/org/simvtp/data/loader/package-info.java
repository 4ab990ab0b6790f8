/**
 * Parallel, deterministic batch loading: {@link org.simvtp.data.loader.VideoTextLoader} decodes samples of a
 * {@link org.simvtp.data.loader.SampleSource} (video files or in-memory clips) on worker threads and delivers
 * batches in a fixed order that depends only on (seed, rank, world size, batch counter).
 */
package org.simvtp.data.loader;
