package org.pcl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;
import org.pcl4j.TestImages;
import org.pcl4j.model.Devices;

/** {@link Pcl.Builder#device}: the model lives where the caller says, and an absent GPU is refused naming the setting. */
class PclBuilderDeviceTest {
    private final TestImages images = TestImages.of(64, 28, 4, 2);

    private Pcl.Builder builder() {
        return Pcl.builder(images).epochs(1).logEpochs(false)
                .configure(c -> c.batchSize(32).warmupEpochs(0).numClusters(new int[] {4}).workers(1));
    }

    @Test
    void cpuPlacesBothEncodersAndTheQueueOnTheCpu() {
        try (Pcl.Run run = builder().device(Device.cpu()).build()) {
            var model = run.trainer().model();
            assertThat(model.queue().keys().getDevice()).isEqualTo(Device.cpu());
            assertThat(model.queryEncoder().allParameters()).allSatisfy(p -> assertThat(p.getArray().getDevice()).isEqualTo(Device.cpu()));
            assertThat(model.momentumEncoder().allParameters()).allSatisfy(p -> assertThat(p.getArray().getDevice()).isEqualTo(Device.cpu()));
        }
    }

    @Test
    void anAbsentGpuIsRefusedBeforeAnythingIsBuilt() {
        assumeTrue(Devices.gpuCount() < 8, "eight GPUs are present");
        assertThatThrownBy(() -> builder().device(Device.gpu(7)).build())
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("gpu:7")
                .satisfies(e -> assertThat(((SettingException) e).setting()).isEqualTo("device"));
    }
}
