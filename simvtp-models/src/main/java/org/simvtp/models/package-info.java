/**
 * SimVTP models, one hop from here: the pre-training model ({@link org.simvtp.models.SimvtpPretrainModel}, composed
 * by its builder) and the two-tower retrieval model ({@link org.simvtp.models.DualEncoder}); their blocks in
 * {@code nn} (attention, MLP, ViT block, encoder, pixel decoder, embeddings), the task heads in {@code heads}, the
 * pre-training objectives in {@code objective}, checkpoint I/O in {@code checkpoint}, the {@code Simvtp} facade
 * and video search in {@code facade}, and the reference parity runner in {@code parity}.
 */
package org.simvtp.models;
