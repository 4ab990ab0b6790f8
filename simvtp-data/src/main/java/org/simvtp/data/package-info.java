/**
 * SimVTP data pipeline: {@link org.simvtp.data.ClipReader} reads a video file into normalised clip tensors in one
 * call (decode, sample, transform); sub-packages hold the parts.
 */
package org.simvtp.data;
