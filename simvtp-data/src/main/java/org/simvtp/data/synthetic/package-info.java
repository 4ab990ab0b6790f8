/**
 * A seeded synthetic video-text set (coloured shapes with compositional captions) for smoke tests and tiny
 * training runs without downloads.
 */
package org.simvtp.data.synthetic;
