package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcl4j.ChildJvm;

/**
 * {@code PCL4J_TORCH}: pcl4j on a PyTorch installed on the host (a CUDA wheel on a GPU machine) instead of the
 * CPU natives from Maven Central, set up by {@code gpu/torch-env} for {@code bin/pcl4j} and {@code gpu/run}
 * (README, "Running on a GPU"). The script's choices are checked on made-up torch folders; that DJL then really
 * runs on the folder's libtorch is checked with a folder whose {@code lib/} links to this engine's CPU libtorch
 * (no GPU here: the CUDA case differs only in the flavour folder the JNI library comes from).
 */
class InstalledTorchTest {
    private static final Path SCRIPT = Path.of("gpu", "torch-env").toAbsolutePath();

    /** What {@code torch_env} left: its exit status, stderr, and the variables it set (empty on failure). */
    record Env(int exit, String stderr, String libraryPath, String version, String flavor, String cudartDir) {}

    @Test
    void aWheelOfTheJarsPyTorchVersionTakesTheJarsCudaJni(@TempDir Path dir) throws Exception {
        Path torch = fakeTorch(dir, "2.7.1+cu126", "'12.6'");
        Path cudart = Files.createDirectories(dir.resolve("nvidia/cuda_runtime/lib"));
        Files.createFile(cudart.resolve("libcudart.so.12"));
        Env env = torchEnv(torch.toString());
        assertThat(env.exit()).as(env.stderr()).isZero();
        assertThat(env.libraryPath()).isEqualTo(torch.resolve("lib").toString());
        assertThat(env.version()).isEqualTo("2.7.1");
        // the one CUDA build of the JNI in DJL's jar (cu128 for 2.7.1), not the wheel's cu126: the JNI links
        // libtorch_cuda, not the CUDA runtime
        assertThat(env.flavor()).isEqualTo(jarCudaFlavour()).startsWith("cu");
        assertThat(env.cudartDir()).isEqualTo(cudart.toRealPath().toString());
    }

    @Test
    void anotherPyTorchVersionNeedsAJniBuiltForIt(@TempDir Path dir) throws Exception {
        Path torch = fakeTorch(dir, "2.6.0+cu124", "'12.4'");
        Env env = torchEnv(torch.toString());
        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.stderr().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("PCL4J_TORCH=" + torch, "PyTorch 2.6.0", "for PyTorch " + jarTorchVersion() + " only", "gpu/build-jni"));
        assertThat(env.libraryPath()).isEmpty();

        Files.createFile(torch.resolve("lib/libdjl_torch.so")); // as gpu/build-jni leaves it: DJL looks there first
        env = torchEnv(torch.toString());
        assertThat(env.exit()).as(env.stderr()).isZero();
        assertThat(env.version()).isEqualTo("2.6.0");
        assertThat(env.flavor()).isEqualTo("cu124");
        assertThat(env.cudartDir()).isEmpty();
    }

    @Test
    void whatIsNotATorchFolderIsOneLine(@TempDir Path dir) throws Exception {
        Env env = torchEnv(dir.toString());
        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.stderr().strip()).isEqualTo("pcl4j: PCL4J_TORCH=" + dir.toRealPath()
                + ": expected a torch package folder with version.py and lib/libtorch.so");
        env = torchEnv(dir.resolve("absent").toString());
        assertThat(env.exit()).isEqualTo(1);
        assertThat(env.stderr().strip()).isEqualTo("pcl4j: PCL4J_TORCH=" + dir.resolve("absent")
                + ": expected the torch package folder or a Python that can import torch");
    }

    @Test
    void pcl4jRunsOnTheInstalledLibtorch(@TempDir Path dir) throws Exception {
        Engine.getInstance(); // loads this JVM's natives, so that their folder is known
        Path engineLib = Path.of(LibUtils.getLibtorchPath());
        Path torch = fakeTorch(dir, "2.7.1+cpu", "None");
        try (Stream<Path> libs = Files.list(engineLib)) {
            for (Path lib : libs.filter(p -> p.getFileName().toString().contains(".so") && !p.getFileName().toString().contains("djl_torch")).toList()) {
                Files.createSymbolicLink(torch.resolve("lib").resolve(lib.getFileName()), lib);
            }
        }
        Env env = torchEnv(torch.toString());
        assertThat(env.exit()).as(env.stderr()).isZero();
        assertThat(env.flavor()).isEqualTo("cpu");

        Path cache = dir.resolve("djl-cache");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), Pcl4j.class)).redirectErrorStream(true);
        pb.command().add("--version");
        Map<String, String> e = pb.environment();
        e.put("PYTORCH_LIBRARY_PATH", env.libraryPath());
        e.put("PYTORCH_VERSION", env.version());
        e.put("PYTORCH_FLAVOR", env.flavor());
        e.put("DJL_CACHE_DIR", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("PyTorch 2.7.1 without CUDA", "libtorch in " + torch.resolve("lib"));
        // the JNI library came out of DJL's pytorch-jni jar, offline, for this version and flavour
        assertThat(cache.resolve("pytorch/2.7.1-cpu-linux-x86_64/" + Engine.getDjlVersion() + "-libdjl_torch.so")).isRegularFile();
    }

    @Test
    void versionNamesTheEngineAndWhereItsLibtorchIs() {
        String[] lines = new Pcl4j.Version().getVersion();
        assertThat(lines[0]).startsWith("pcl4j ");
        assertThat(lines[1]).isEqualTo("DJL " + Engine.getDjlVersion() + ", PyTorch " + Engine.getInstance().getVersion()
                + " without CUDA (CPU only), libtorch in " + LibUtils.getLibtorchPath());
        assertThat(lines[2]).startsWith("Java " + System.getProperty("java.runtime.version"));
    }

    /** A torch package folder as a wheel lays it out, as far as the script reads it: version.py and lib/libtorch.so. */
    private static Path fakeTorch(Path dir, String version, String cuda) throws IOException {
        Path torch = Files.createDirectories(dir.resolve("torch"));
        Files.createDirectories(torch.resolve("lib"));
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda']\n"
                + "__version__ = '" + version + "'\ndebug = False\ncuda: Optional[str] = " + cuda + "\ngit_version = 'abc'\n");
        if (!version.endsWith("+cpu")) {
            Files.createFile(torch.resolve("lib/libtorch.so"));
        }
        return torch;
    }

    /** Runs {@code torch_env} as {@code bin/pcl4j} does (bash, -euo pipefail) with the test class path's pytorch-jni jar. */
    private static Env torchEnv(String torch) throws IOException, InterruptedException, URISyntaxException {
        Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$0\"; torch_env \"$1\" \"$2\" || exit 1; "
                + "printf '%s\\n' \"$PYTORCH_LIBRARY_PATH\" \"$PYTORCH_VERSION\" \"$PYTORCH_FLAVOR\" \"$TORCH_CUDART_DIR\"",
                SCRIPT.toString(), torch, jniJar().toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        List<String> v = new ArrayList<>(out.lines().toList());
        while (v.size() < 4) {
            v.add("");
        }
        return new Env(exit, err, v.get(0), v.get(1), v.get(2), v.get(3));
    }

    /** DJL's pytorch-jni jar on this class path (it holds the JNI libraries and nothing else). */
    private static Path jniJar() throws URISyntaxException {
        URL url = InstalledTorchTest.class.getClassLoader().getResource("jnilib/pytorch.properties");
        String s = url.toString(); // jar:file:/…/pytorch-jni-2.7.1-0.36.0.jar!/jnilib/pytorch.properties
        return Path.of(new java.net.URI(s.substring("jar:".length(), s.indexOf("!/"))));
    }

    private static String jarTorchVersion() throws URISyntaxException {
        String name = jniJar().getFileName().toString(); // pytorch-jni-<PyTorch>-<DJL>.jar
        return name.substring("pytorch-jni-".length(), name.lastIndexOf('-'));
    }

    private static String jarCudaFlavour() throws IOException, URISyntaxException {
        TreeSet<String> flavours = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jniJar().toFile())) {
            zip.stream().map(e -> e.getName()).filter(n -> n.matches("jnilib/linux-x86_64/cu\\d+/libdjl_torch\\.so"))
                    .forEach(n -> flavours.add(n.split("/")[2]));
        }
        return flavours.last();
    }
}
