/** Text-video retrieval evaluation as the reference (spec §8): view-averaged embeddings, cosine scores, R@K. */
package org.simvtp.train.eval;
