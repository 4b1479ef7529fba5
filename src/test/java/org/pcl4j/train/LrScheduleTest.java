package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void cosineFollowsSpecFormula() {
        LrSchedule s = new LrSchedule(Schedule.COSINE, 0.03f, 200, new int[0]);
        assertThat(s.lr(0)).isCloseTo(0.03f, within(1e-7f));
        assertThat(s.lr(100)).isCloseTo(0.015f, within(1e-7f));
        // lr_e = lr · 0.5 · (1 + cos(π·e/E)) at e = 50: 0.03 · 0.5 · (1 + √2/2)
        assertThat(s.lr(50)).isCloseTo((float) (0.03 * 0.5 * (1 + Math.sqrt(0.5))), within(1e-7f));
    }

    @Test
    void stepDecaysTenfoldAtEachMilestone() {
        LrSchedule s = new LrSchedule(Schedule.STEP, 0.03f, 200, LrSchedule.defaultSteps(200));
        assertThat(LrSchedule.defaultSteps(200)).containsExactly(120, 160);
        assertThat(s.lr(119)).isCloseTo(0.03f, within(1e-8f));
        assertThat(s.lr(120)).isCloseTo(0.003f, within(1e-8f));
        assertThat(s.lr(160)).isCloseTo(0.0003f, within(1e-8f));
    }
}
