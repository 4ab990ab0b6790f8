/**
 * Temporal frame samplers of the SimVTP data pipeline (spec §5): which frame indices of a video form a clip.
 */
package org.simvtp.data.sampling;
