package org.pcl4j.cli;

import ai.djl.Device;
import org.pcl4j.model.Devices;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/** {@code --device cpu|gpu[:N]|auto}, shared by the commands that compute (a picocli mixin). */
final class DeviceOption {
    @Option(names = "--device", defaultValue = Devices.DEFAULT, paramLabel = "cpu|gpu[:N]|auto", showDefaultValue = Help.Visibility.ALWAYS,
            description = "Where all tensors live: cpu, gpu (= gpu:0), gpu:N, or auto (a GPU when the engine has one).")
    String device = Devices.DEFAULT;

    /** Checks the flag and makes it the process's device; an absent GPU is an InputException (exit 2). */
    Device select() {
        return Devices.select(device);
    }
}
