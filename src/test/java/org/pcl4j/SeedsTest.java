package org.pcl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void splitmixMatchesTheReferenceSequence() {
        // SplitMix64 with state 0: the first outputs of the reference generator (Vigna's splitmix64.c).
        assertThat(Seeds.splitmix(0)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(Seeds.splitmix(0x9E3779B97F4A7C15L)).isEqualTo(0x6E789E6AA1B965F4L);
    }

    @Test
    void mixIsChainedSplitmixAndTheOverloadsAgree() {
        long s = 42;
        assertThat(Seeds.mix(s, 3)).isEqualTo(Seeds.splitmix(Seeds.splitmix(s) ^ 3));
        assertThat(Seeds.mix(s, 3, -1)).isEqualTo(Seeds.splitmix(Seeds.splitmix(Seeds.splitmix(s) ^ 3) ^ -1));
        assertThat(Seeds.mix(s, new long[] {3, -1})).isEqualTo(Seeds.mix(s, 3, -1));
        assertThat(Seeds.mix(s, Seeds.KMEANS, 2, 5)).isEqualTo(Seeds.splitmix(Seeds.mix(s, Seeds.KMEANS, 2) ^ 5));
    }

    @Test
    void neighbouringCoordinatesAndPurposesGiveDistinctSeeds() {
        Set<Long> seen = new HashSet<>();
        for (long epoch = 0; epoch < 50; epoch++) {
            for (long m = 0; m < 4; m++) {
                assertThat(seen.add(Seeds.mix(7, epoch, m))).isTrue();
                assertThat(seen.add(Seeds.mix(7, Seeds.KMEANS, epoch, m))).isTrue();
                assertThat(seen.add(Seeds.mix(7, Seeds.PROTO_NEGATIVES, epoch, 0, m))).isTrue();
            }
        }
        assertThat(Seeds.mix(1, 0)).isNotEqualTo(Seeds.mix(0, 1));
    }
}
