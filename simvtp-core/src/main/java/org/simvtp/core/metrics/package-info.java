/** Text-to-video and video-to-text retrieval metrics (R@K, median and mean rank), as in the reference. */
package org.simvtp.core.metrics;
