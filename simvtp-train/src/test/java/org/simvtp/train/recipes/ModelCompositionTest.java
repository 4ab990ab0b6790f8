package org.simvtp.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simvtp.core.SimvtpConfig;
import org.simvtp.core.masking.RandomMasking;
import org.simvtp.core.masking.TubeMasking;
import org.simvtp.models.ExecutionMode;
import org.simvtp.models.SimvtpPretrainModel;
import org.simvtp.models.heads.MlmHead;
import org.simvtp.models.objective.Objective;
import org.simvtp.models.objective.VtcObjective;
import org.simvtp.models.objective.VtmObjective;

class ModelCompositionTest {

    private static final SimvtpConfig CONFIG = SimvtpConfig.tiny();

    @Test
    void theReferenceCompositionBuildsTheReferenceModel() {
        SimvtpPretrainModel model = ModelComposition.reference().newModel(CONFIG);
        assertEquals(
                List.of("pixel", "mlm", "vtc", "vtm"),
                model.objectives().stream().map(Objective::name).toList());
        assertEquals(ExecutionMode.REFERENCE, model.mode());
        assertTrue(model.videoMasking() instanceof TubeMasking);
        assertEquals(MlmHead.Type.LINEAR, model.mlmHead().type());
        assertEquals(
                List.of(1.0, 1.0, 1.0, 1.0),
                model.objectives().stream().map(Objective::weight).toList());
    }

    @Test
    void optionsReachTheModel() {
        ModelComposition c = ModelComposition.reference().toBuilder()
                .optObjectives(List.of("VTM", "vtc", "mlm"))
                .optWeight("vtc", 0.5)
                .optVtcNegatives(VtcObjective.Negatives.GLOBAL)
                .optVtmNegatives(VtmObjective.Negatives.HARD)
                .optTextHead(MlmHead.Type.BERT)
                .optVideoMasking("random")
                .optMode(ExecutionMode.EFFICIENT)
                .build();
        assertEquals(List.of("mlm", "vtc", "vtm"), c.objectives(), "kept in the reference's order");
        SimvtpPretrainModel model = c.newModel(CONFIG);
        assertNull(model.pixelDecoder(), "no pixel objective, no decoder");
        assertEquals(0.5, model.objectives().get(1).weight());
        assertEquals(
                VtcObjective.Negatives.GLOBAL,
                ((VtcObjective) model.objectives().get(1)).negatives());
        assertEquals(
                VtmObjective.Negatives.HARD, ((VtmObjective) model.objectives().get(2)).negatives());
        assertEquals(MlmHead.Type.BERT, model.mlmHead().type());
        assertTrue(model.videoMasking() instanceof RandomMasking);
        assertEquals(ExecutionMode.EFFICIENT, model.mode());
        assertTrue(c.describe().contains("vtm negatives hard"), c.describe());
    }

    @Test
    void compositionsThatCannotWorkAreRefusedWithTheReason() {
        ModelComposition.Builder ref = ModelComposition.reference().toBuilder();
        assertMessage("unknown objective 'colour'", () -> ref.optObjectives(List.of("pixel", "colour"))
                .build());
        assertMessage("add vtc", () -> ModelComposition.reference().toBuilder()
                .optObjectives(List.of("vtm"))
                .optVtmNegatives(VtmObjective.Negatives.HARD)
                .build());
        assertMessage("not among the objectives", () -> ModelComposition.reference().toBuilder()
                .optObjectives(List.of("mlm"))
                .optWeight("vtc", 1)
                .build());
        assertMessage("weight of vtc", () -> ModelComposition.reference().toBuilder()
                .optWeight("vtc", -1)
                .build());
        assertMessage("tube or random", () -> ModelComposition.reference().toBuilder()
                .optVideoMasking("block")
                .build());
        assertMessage("at least one objective", () -> ModelComposition.reference().toBuilder()
                .optObjectives(List.of())
                .build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
