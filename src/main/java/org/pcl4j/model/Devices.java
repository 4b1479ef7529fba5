package org.pcl4j.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import org.pcl4j.SettingException;

/**
 * The compute device of this process: {@code cpu}, {@code gpu[:N]} or {@code auto} (the first GPU
 * when the engine has one, else the CPU), chosen once by the CLI's {@code --device} and used by
 * every base {@link NDManager} that pcl4j creates ({@link #newManager()}). Everything below a base
 * manager (encoders, queue, prototypes, k-means, kNN) takes its device from its arrays, so one
 * setting places all tensors; a GPU that is asked for and not present is an error, never a silent
 * fall-back to the CPU.
 */
public final class Devices {
    /** The default of {@code --device}. */
    public static final String DEFAULT = "auto";

    private static volatile Device selected;

    private Devices() {}

    /**
     * Parses and checks {@code spec} against the engine's GPUs.
     *
     * @throws org.pcl4j.SettingException naming the setting {@code device} when the spec is malformed or the GPU is not there
     */
    public static Device parse(String spec) {
        String s = spec == null ? DEFAULT : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("auto")) {
            return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        }
        int index;
        if (s.equals("gpu") || s.equals("cuda")) {
            index = 0;
        } else if (s.matches("(gpu|cuda):\\d{1,4}")) {
            index = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        } else {
            throw new SettingException("device", "{device} " + spec + ": expected cpu, gpu, gpu:N or auto");
        }
        return check(Device.gpu(index), spec);
    }

    /**
     * {@code device} when the engine can use it: the CPU always, a GPU when it is present.
     *
     * @throws org.pcl4j.SettingException naming the setting {@code device} otherwise
     */
    public static Device check(Device device) {
        if (!device.isGpu() && !Device.Type.CPU.equals(device.getDeviceType())) {
            // e.g. Device.of("mps", 0): PyTorch would fail on its first array with a page of backend names
            throw new SettingException("device", "{device} " + device + ": pcl4j runs on the CPU or a CUDA GPU");
        }
        return check(device, device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu");
    }

    private static Device check(Device device, String spec) {
        if (!device.isGpu()) {
            return device;
        }
        int gpus = gpuCount();
        if (gpus == 0) {
            throw new SettingException("device", "{device} " + spec + ": no GPU available to " + Engine.getInstance().getEngineName()
                    + " " + Engine.getInstance().getVersion() + " (CPU-only natives, or no CUDA device visible; a CUDA PyTorch installed"
                    + " on this host: README, \"Running on a GPU\"); use {device} cpu or auto");
        }
        if (device.getDeviceId() >= gpus) {
            throw new SettingException("device", "{device} " + spec + ": only " + gpus + " GPU(s) present (gpu:0 … gpu:" + (gpus - 1) + ")");
        }
        return device;
    }

    /** Parses {@code spec} ({@link #parse}) and makes it the device of {@link #newManager()}. */
    public static Device select(String spec) {
        Device d = parse(spec);
        selected = d;
        return d;
    }

    /** The selected device; {@code auto} until {@link #select} is called. */
    public static Device current() {
        Device d = selected;
        return d != null ? d : parse(DEFAULT);
    }

    /** A base manager on {@link #current()}: the only way pcl4j makes one. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(current());
    }

    /**
     * The engine this process computes with, in one line for {@code pcl4j --version} and bug reports: DJL's
     * and PyTorch's versions, whether the natives have CUDA and how many GPUs they see, and the folder the
     * libtorch came from (DJL's cache for the natives jar, or {@code PYTORCH_LIBRARY_PATH} for an installed
     * PyTorch, README "Running on a GPU"). Loads the engine; if that fails, says why instead.
     */
    public static String describeEngine() {
        try {
            Engine engine = Engine.getInstance();
            boolean cuda = engine.hasCapability(ai.djl.engine.StandardCapabilities.CUDA);
            return "DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " " + engine.getVersion()
                    + (cuda ? " with CUDA, " + gpuCount() + " GPU(s)" : " without CUDA (CPU only)")
                    + ", libtorch in " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "DJL " + Engine.getDjlVersion() + ", engine not loaded: " + e.getMessage();
        }
    }

    /**
     * GPUs the engine can use: CUDA must be compiled into the loaded natives (PyTorch reports it) and
     * the CUDA runtime must see a device.
     */
    public static int gpuCount() {
        Engine engine = Engine.getInstance();
        if (!engine.hasCapability(ai.djl.engine.StandardCapabilities.CUDA)) {
            return 0;
        }
        int n = engine.getGpuCount();
        // DJL counts devices through libcudart found by JNA; a wheel-installed PyTorch keeps it out of
        // the library path, while PyTorch itself sees the device: count that one then.
        return n > 0 ? n : 1;
    }
}
