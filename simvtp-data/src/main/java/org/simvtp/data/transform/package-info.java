/**
 * Spatial transforms on RGB uint8 clips (the same crop for every frame) and ImageNet normalisation to float
 * {@code [3, T, H, W]} tensors (spec §5), plus the fine-tuning augmentations of the reference: RandAugment on uint8
 * frames (PIL semantics) and random erasing on normalised tensors.
 */
package org.simvtp.data.transform;
