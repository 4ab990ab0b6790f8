/**
 * The training and evaluation recipes, usable from a program without the command-line tool: reading annotations
 * and checkpoints ({@link org.simvtp.train.recipes.Annotations}, {@link org.simvtp.train.recipes.Checkpoints}),
 * pre-training ({@link org.simvtp.train.recipes.PretrainJob}), retrieval fine-tuning
 * ({@link org.simvtp.train.recipes.FinetuneJob}), retrieval evaluation ({@link org.simvtp.train.recipes.EvaluateJob})
 * and the synthetic quick-start ({@link org.simvtp.train.recipes.QuickstartJob}). The {@code simvtp} commands of
 * simvtp-examples parse options, build these settings and call these jobs.
 */
package org.simvtp.train.recipes;
