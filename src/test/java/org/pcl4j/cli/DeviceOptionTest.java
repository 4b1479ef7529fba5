package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.InputException;
import org.pcl4j.data.Npy;
import org.pcl4j.model.Devices;

/** {@code --device} on a machine without a GPU (CI): cpu and auto work, gpu is one clear error. */
class DeviceOptionTest {

    @AfterEach
    void backToAuto() {
        Devices.select(Devices.DEFAULT);
    }

    @Test
    void cpuRunsAndPlacesTheArraysOnTheCpu(@TempDir Path dir) throws IOException {
        Path features = dir.resolve("f.npy");
        Npy.write(features, new float[] {0, 0, 0, 1, 10, 10, 10, 11}, 4, 2);
        String out = run("cluster", "--device", "cpu", "--features", features.toString(), "--k", "2",
                "--out", dir.resolve("out").toString(), "--restarts", "1");
        assertThat(exit).isZero();
        assertThat(out).contains("on cpu()");
        assertThat(Devices.current()).isEqualTo(Device.cpu());
        try (var manager = Devices.newManager()) {
            assertThat(manager.getDevice()).isEqualTo(Device.cpu());
            assertThat(manager.create(new float[] {1, 2}).getDevice()).isEqualTo(Device.cpu());
        }
    }

    @Test
    void autoIsTheCpuWithoutAGpu() {
        assumeTrue(Devices.gpuCount() == 0, "a GPU is present");
        assertThat(Devices.parse("auto")).isEqualTo(Device.cpu());
        assertThat(Devices.parse("CPU")).isEqualTo(Device.cpu());
    }

    @Test
    void gpuWithoutAGpuIsOneLineAndExit2OnEveryCommand(@TempDir Path dir) {
        assumeTrue(Devices.gpuCount() == 0, "a GPU is present");
        String f = dir.resolve("missing.npy").toString();
        String[][] commands = {
                {"train", "--device", "gpu", "--data", "fashion-mnist:" + dir, "--out", dir.resolve("run").toString()},
                {"embed", "--device", "gpu", "--checkpoint", dir.toString(), "--out", f},
                {"eval", "knn", "--device", "gpu:0", "--features", f, "--labels", f, "--test-features", f, "--test-labels", f},
                {"cluster", "--device", "gpu", "--features", f, "--k", "2", "--out", dir.toString()},
        };
        for (String[] args : commands) {
            String err = runErr(args);
            assertThat(exit).as(String.join(" ", args)).isEqualTo(Pcl4j.EXIT_USAGE);
            assertThat(err.strip().lines()).as(err).hasSize(1);
            assertThat(err).startsWith("pcl4j: error: --device gpu").contains("no GPU available").contains("--device cpu");
        }
        assertThat(Devices.current()).isEqualTo(Device.cpu()); // nothing was selected
    }

    @Test
    void malformedDeviceIsAUsageError() {
        assertThatThrownBy(() -> Devices.parse("tpu")).isInstanceOf(InputException.class)
                .hasMessage("device tpu: expected cpu, gpu, gpu:N or auto");
        assertThatThrownBy(() -> Devices.parse("gpu:x")).isInstanceOf(InputException.class);
        String err = runErr("cluster", "--device", "tpu", "--features", "f.npy", "--k", "2", "--out", "o");
        assertThat(exit).isEqualTo(Pcl4j.EXIT_USAGE);
        assertThat(err.strip()).isEqualTo("pcl4j: error: --device tpu: expected cpu, gpu, gpu:N or auto");
    }

    private int exit;

    private String run(String... args) {
        return capture(false, args);
    }

    private String runErr(String... args) {
        return capture(true, args);
    }

    private String capture(boolean stderr, String... args) {
        PrintStream saved = stderr ? System.err : System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(stream);
        } else {
            System.setOut(stream);
        }
        try {
            exit = Pcl4j.run(args);
        } finally {
            if (stderr) {
                System.setErr(saved);
            } else {
                System.setOut(saved);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
