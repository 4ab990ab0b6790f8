package org.simvtp.train.facade;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.simvtp.models.facade.Simvtp;

/** Base of the tests that share one tiny, randomly initialised {@link Simvtp} per test class. */
abstract class TinySimvtpTest {

    static Simvtp simvtp;

    @BeforeAll
    static void openTinySimvtp() {
        simvtp = Simvtp.fromConfig(FacadeFixtures.TINY);
    }

    @AfterAll
    static void closeTinySimvtp() {
        simvtp.close();
    }
}
