package org.simvtp.models.checkpoint;

import java.util.List;

/**
 * What happened when a state dict was loaded into a model, in the spirit of PyTorch's
 * {@code load_state_dict(strict=False)} result.
 *
 * @param loaded parameter names that received a value
 * @param missing model parameters the file did not provide (they keep their initialisation)
 * @param unexpected file entries the model has no parameter for
 * @param ignored file entries skipped on purpose (e.g. {@code text_embeddings.position_ids})
 * @param shapeMismatches {@code "name: file [..] vs model [..]"} for entries of the wrong shape (not loaded)
 */
public record LoadReport(
        List<String> loaded,
        List<String> missing,
        List<String> unexpected,
        List<String> ignored,
        List<String> shapeMismatches) {

    /** True when every parameter was loaded and nothing in the file was left over or mismatched. */
    public boolean isExact() {
        return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
    }

    /** Throws {@link IllegalStateException} describing the problems unless {@link #isExact()}. */
    public LoadReport requireExact(String source) {
        if (!isExact()) {
            throw new IllegalStateException("state dict " + source + " does not match the model: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return "loaded " + loaded.size() + ", missing " + missing + ", unexpected " + unexpected + ", ignored "
                + ignored + ", shape mismatches " + shapeMismatches;
    }
}
