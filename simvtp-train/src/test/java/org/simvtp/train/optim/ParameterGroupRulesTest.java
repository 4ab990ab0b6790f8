package org.simvtp.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ParameterGroupRulesTest {

    private final WeightDecayRule rule = WeightDecayRule.reference();

    @Test
    void referenceNoDecayRule() {
        assertTrue(rule.decays("encoder.blocks.0.attn.qkv.weight", new Shape(2304, 768)));
        assertTrue(rule.decays("encoder.patch_embed.proj.weight", new Shape(768, 3, 2, 16, 16)));
        assertFalse(rule.decays("encoder.patch_embed.proj.bias", new Shape(768)));
        assertFalse(rule.decays("encoder.blocks.0.attn.q_bias", new Shape(768)));
        assertFalse(rule.decays("encoder.blocks.0.norm1.weight", new Shape(768)));
        assertFalse(rule.decays("mask_token", new Shape(1, 1, 384)));
        assertFalse(rule.decays("video_encoder.pos_embed", new Shape(1, 1568, 768)));
        assertFalse(rule.decays("text_encoder.cls_token", new Shape(1, 1, 768)));
        assertTrue(rule.decays("my_mask_token", new Shape(1, 1, 384)));
        assertTrue(WeightDecayRule.withSkipNames(java.util.Set.of()).decays("mask_token", new Shape(1, 1, 4)));
    }

    @Test
    void layerIdsStripTowerPrefixes() {
        LayerwiseLrDecay d =
                LayerwiseLrDecay.builder().setDepth(12).setDecay(0.75).build();
        assertEquals(0, d.layerId("video_encoder.patch_embed.proj.weight"));
        assertEquals(0, d.layerId("text_encoder.text_embeddings.word_embeddings.weight"));
        assertEquals(0, d.layerId("video_encoder.pos_embed"));
        assertEquals(0, d.layerId("cls_token"));
        assertEquals(1, d.layerId("video_encoder.blocks.0.norm1.weight"));
        assertEquals(4, d.layerId("text_encoder.blocks.3.attn.qkv.weight"));
        assertEquals(12, d.layerId("blocks.11.mlp.fc2.bias"));
        assertEquals(13, d.layerId("video_encoder.fc_norm.weight"));
        assertEquals(13, d.layerId("head.weight"));
        assertEquals(Math.pow(0.75, 13), d.scale("video_encoder.patch_embed.proj.weight"), 1e-15);
        assertEquals(Math.pow(0.75, 9), d.scale("video_encoder.blocks.3.attn.qkv.weight"), 1e-15);
        assertEquals(0.75, d.scale("video_encoder.blocks.11.attn.qkv.weight"), 1e-15);
        assertEquals(1.0, d.scale("video_encoder.fc_norm.bias"));
    }

    @Test
    void referenceBugMakesLayerDecayANoOpForTowerNames() {
        LayerwiseLrDecay bug = LayerwiseLrDecay.builder()
                .setDepth(12)
                .setDecay(0.75)
                .optReferenceLayerDecayBug(true)
                .build();
        for (String n : new String[] {
            "video_encoder.patch_embed.proj.weight",
            "video_encoder.blocks.3.attn.qkv.weight",
            "text_encoder.text_embeddings.word_embeddings.weight",
            "video_encoder.pos_embed"
        }) {
            assertEquals(13, bug.layerId(n), n);
            assertEquals(1.0, bug.scale(n), n);
        }
    }

    @Test
    void noneAndInvalidInput() {
        assertEquals(1.0, LayerwiseLrDecay.none().scale("video_encoder.blocks.3.x"));
        LayerwiseLrDecay d =
                LayerwiseLrDecay.builder().setDepth(2).setDecay(0.5).build();
        assertThrows(IllegalArgumentException.class, () -> d.layerId("blocks.x.weight"));
        assertThrows(IllegalArgumentException.class, () -> d.layerId("blocks.2.weight"));
        assertThrows(
                IllegalArgumentException.class,
                () -> LayerwiseLrDecay.builder().setDepth(2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LayerwiseLrDecay.builder().setDepth(2).setDecay(1.5).build());
    }
}
