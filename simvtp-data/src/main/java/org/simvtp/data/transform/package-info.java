/**
 * Spatial transforms on RGB uint8 clips (the same crop for every frame) and ImageNet normalisation to float
 * {@code [3, T, H, W]} tensors (spec §5).
 */
package org.simvtp.data.transform;
