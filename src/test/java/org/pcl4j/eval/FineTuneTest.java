package org.pcl4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;

class FineTuneTest {
    @Test
    void fractionsArePrintedAsTheyWereGiven() {
        // "%.0f%%" printed 0.005, 0.0051 and 0.01 all as "1%", and 0.0001 as "0%": rows one could not tell apart
        assertThat(FineTune.percent(0.005)).isEqualTo("0.5%");
        assertThat(FineTune.percent(0.0051)).isEqualTo("0.51%");
        assertThat(FineTune.percent(0.01)).isEqualTo("1%");
        assertThat(FineTune.percent(0.0001)).isEqualTo("0.01%");
        assertThat(FineTune.percent(0.1)).isEqualTo("10%");
        assertThat(FineTune.percent(1.0 / 3)).isEqualTo("33.3%");
        assertThat(FineTune.percent(1)).isEqualTo("100%");
    }

    @Test
    void weightDecayMustBeFiniteAndNotNegative() {
        for (float wd : new float[] {-5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new FineTune.Config(FineTune.Config.DEFAULT_FRACTIONS, 1, 16, 0.01f, wd, 0, 1)).as("wd %s", wd)
                    .isInstanceOf(SettingException.class).hasMessage("weightDecay: expected a finite number >= 0, got " + wd);
        }
        assertThat(new FineTune.Config(FineTune.Config.DEFAULT_FRACTIONS, 1, 16, 0.01f, 0f, 0, 1).weightDecay()).isZero();
    }
}
