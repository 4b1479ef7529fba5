package org.pcl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu/build-jni} and {@code gpu/jni_patch.py}, which build DJL's JNI library against the PyTorch of a GPU
 * host (README, "Running on a GPU"), on made-up sources and a made-up libtorch: what happens to DJL's legacy
 * profiler ({@code torchStartProfile}, which {@code bench/train-throughput --trace} needs) in each of the three
 * cases a real libtorch can present. It is kept when it compiles and links (on the H200's PyTorch 2.11 it does,
 * yet an earlier build script dropped it unasked, so a GPU step could never be traced), and it is dropped, with its
 * two entry points turned into functions that throw, when it does not compile or when libtorch lacks its symbols.
 * A missing symbol that is not the profiler's (libtorch's CUDA headers inline calls to the CUDA runtime, which the
 * library leaves to load time) must not cost the profiler. Needs g++ and python3, as on the GPU host.
 */
class BuildJniTest {
    private static final Path SCRIPT = Path.of("gpu", "build-jni").toAbsolutePath();
    private static final String START = "Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStartProfile";

    @BeforeAll
    static void tools() throws Exception {
        assumeTrue(runs("g++", "--version") && runs("python3", "--version") && runs("nm", "--version"),
                "g++, nm or python3 is not installed");
    }

    @Test
    void aProfilerThatCompilesAndLinksIsKeptWhateverElseIsLeftToLoadTime(@TempDir Path dir) throws Exception {
        Build b = build(dir, true, true);
        assertThat(b.exit()).as(b.log()).isZero();
        assertThat(b.library()).doesNotContain(START + ": not built");
        // the CUDA runtime call of another file stays unresolved, as DJL links it, and is said
        assertThat(b.log()).contains("unresolved symbols left to load time", "cudaEventQuery").doesNotContain("profiler dropped");
    }

    @Test
    void aProfilerThatDoesNotCompileIsDroppedAndTheRestBuilt(@TempDir Path dir) throws Exception {
        Build b = build(dir, false, true);
        assertThat(b.exit()).as(b.log()).isZero();
        assertThat(b.library()).contains(START + ": not built");
        assertThat(b.log()).contains("legacy profiler dropped");
        assertThat(b.symbols()).contains("Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIsGradMode");
    }

    @Test
    void aProfilerWhoseSymbolsLibtorchLacksIsDropped(@TempDir Path dir) throws Exception {
        Build b = build(dir, true, false);
        assertThat(b.exit()).as(b.log()).isZero();
        assertThat(b.library()).contains(START + ": not built");
        assertThat(b.log()).contains("undefined reference", "legacy profiler dropped");
    }

    /** What one build left: the exit status, its log, the library's bytes as text, and its exported symbols. */
    record Build(int exit, String log, String library, String symbols) {}

    /**
     * Runs build-jni on a made-up DJL source folder (a profiler in the layout of DJL's system file, which compiles
     * or not, and a file calling the CUDA runtime) against a made-up libtorch (which defines the profiler or not).
     */
    private static Build build(Path dir, boolean profilerCompiles, boolean libtorchHasProfiler) throws Exception {
        Path djl = dir.resolve("djl");
        Path include = Files.createDirectories(djl.resolve("include"));
        Path jdkInclude = Path.of(System.getProperty("java.home"), "include");
        assumeTrue(Files.isRegularFile(jdkInclude.resolve("jni.h")), "this Java has no include/jni.h");
        Files.copy(jdkInclude.resolve("jni.h"), include.resolve("jni.h"));
        Files.copy(jdkInclude.resolve("linux/jni_md.h"), include.resolve("jni_md.h"));
        Path src = Files.createDirectories(djl.resolve("native"));
        String decl = "namespace torch { namespace autograd { namespace profiler {\n"
                + "void enableProfilerLegacy(bool cuda);\nbool profilerEnabled();\n} } }\n";
        Files.writeString(src.resolve("ai_djl_pytorch_jni_PyTorchLibrary_system.cc"), String.join("\n",
                "#include <jni.h>",
                decl + "using namespace torch::autograd::profiler;",
                "// The function doesn't support GPU yet",
                // the event writer, outside every JNI function: what stubbing cannot reach
                "static int writeEvents() { return " + (profilerCompiles ? "1" : "PROFILER_GONE_IN_THIS_LIBTORCH") + "; }",
                "// end of copies",
                "JNIEXPORT void JNICALL " + START + "(JNIEnv* env, jobject jthis, jboolean juse_cuda) {",
                "  if (profilerEnabled()) { return; }",
                "  enableProfilerLegacy(juse_cuda == JNI_TRUE);",
                "}",
                "JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchStopProfile(JNIEnv* env, jobject jthis) {",
                "  writeEvents();",
                "}",
                "JNIEXPORT jboolean JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIsGradMode(JNIEnv* env, jobject jthis) {",
                "  return JNI_TRUE;",
                "}", ""));
        Files.writeString(src.resolve("ai_djl_pytorch_jni_PyTorchLibrary_inference.cc"), String.join("\n",
                "#include <jni.h>",
                "extern \"C\" int cudaEventQuery(void* event);",
                "JNIEXPORT jint JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_moduleQuery(JNIEnv* env, jobject jthis) {",
                "  return cudaEventQuery(nullptr);",
                "}", ""));

        Path torch = dir.resolve("torch");
        Path lib = Files.createDirectories(torch.resolve("lib"));
        Files.createDirectories(torch.resolve("include/torch/csrc/api/include"));
        Path libSrc = dir.resolve("libtorch.cc");
        Files.writeString(libSrc, libtorchHasProfiler
                ? decl + "namespace torch { namespace autograd { namespace profiler {\n"
                        + "void enableProfilerLegacy(bool) {}\nbool profilerEnabled() { return false; }\n} } }\n"
                : "int libtorch_without_profiler = 0;\n");
        for (String name : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so")) {
            assertThat(run(dir, "g++", "-shared", "-fPIC", "-o", lib.resolve(name).toString(), libSrc.toString()).exit())
                    .isZero();
        }

        Path out = lib.resolve("libdjl_torch.so");
        Build b = run(dir, "bash", SCRIPT.toString(), djl.toString(), torch.toString(), out.toString(), "2");
        if (!Files.isRegularFile(out)) {
            return b;
        }
        String library = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        String symbols = run(dir, "nm", "-D", "--defined-only", out.toString()).log();
        return new Build(b.exit(), b.log(), library, symbols);
    }

    private static Build run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Build(p.waitFor(), log, "", "");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
