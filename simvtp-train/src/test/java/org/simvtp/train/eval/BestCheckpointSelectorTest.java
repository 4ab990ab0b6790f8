package org.simvtp.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simvtp.core.metrics.RetrievalReport;
import org.simvtp.core.metrics.RetrievalScores;

class BestCheckpointSelectorTest {

    static RetrievalResult r1(double t2v, double v2t) {
        return new RetrievalResult(
                new RetrievalReport(
                        new RetrievalScores(t2v, 0, 0, 0, 1, 1, 0), new RetrievalScores(v2t, 0, 0, 0, 1, 1, 0)),
                10,
                10);
    }

    @Test
    void selectsOnValidationByDefaultAndIgnoresTestResults() {
        BestCheckpointSelector s = new BestCheckpointSelector();
        assertEquals(EvaluationSplit.VAL, s.split());
        assertTrue(s.offer(100, EvaluationSplit.VAL, r1(20, 0)));
        assertFalse(s.offer(100, EvaluationSplit.TEST, r1(90, 0)), "a test score never selects");
        assertFalse(s.offer(200, EvaluationSplit.VAL, r1(20, 0)), "ties keep the earlier checkpoint");
        assertTrue(s.offer(300, EvaluationSplit.VAL, r1(30, 0)));
        assertFalse(s.offer(400, EvaluationSplit.VAL, r1(25, 0)));
        assertEquals(300, s.best().orElseThrow().step());
        assertEquals(30, s.best().orElseThrow().score());
    }

    @Test
    void selectingOnTestAndOtherMetricsIsExplicit() {
        BestCheckpointSelector s = BestCheckpointSelector.builder()
                .optSplit(EvaluationSplit.TEST)
                .optMetric("v2t R@1", r -> r.report().videoToText().r1())
                .build();
        assertFalse(s.offer(1, EvaluationSplit.VAL, r1(50, 50)));
        assertTrue(s.best().isEmpty());
        assertTrue(s.offer(2, EvaluationSplit.TEST, r1(10, 40)));
        assertFalse(s.offer(3, EvaluationSplit.TEST, r1(60, 30)));
        assertEquals(2, s.best().orElseThrow().step());
        assertEquals(DataSplit.TEST, s.split().dataSplit());
    }
}
