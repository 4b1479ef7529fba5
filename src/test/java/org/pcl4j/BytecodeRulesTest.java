package org.pcl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules that keep training bit-for-bit reproducible, held on the compiled main classes (javap reads
 * the bytecode, so every call is seen, however the source spells it).
 *
 * <p>1. The rule of {@link org.pcl4j.tensor.Tensors}: no other class turns Java data
 * into tensor memory (NDManager.create with arrays, buffers or numbers; NDArray.set with a buffer
 * or array; NDArray.copyTo) or does NDArray arithmetic with a Number (DJL wraps the number in Java
 * memory that autograd may read after it is freed).
 *
 * <p>2. Transcendental functions come from {@link StrictMath}: {@code java.lang.Math}'s may be
 * replaced by JIT intrinsics that differ in the last bit from the interpreter's, so a number would
 * depend on when a method was compiled.
 */
class BytecodeRulesTest {

    /** Invocations that put Java memory under a tensor. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "Method ai/djl/ndarray/(NDManager\\.create:\\((\\[|Ljava/nio/|Ljava/lang/Number|[FDJIZB][;)L])"
                    + "|NDArray\\.(set:\\((\\[|Ljava/nio/)|copyTo:|decode:)"
                    + "|NDArray\\.(add|sub|mul|div|pow|maximum|minimum|addi|subi|muli|divi|powi|rsub|rdiv|rsubi|rdivi|mod|modi):\\(Ljava/lang/Number;\\))");

    /** java.lang.Math's functions that are not required to be correctly rounded. */
    private static final Pattern LOOSE_MATH = Pattern.compile(
            "Method java/lang/Math\\.(exp|log|log10|log1p|expm1|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot):");

    @Test
    void onlyTensorsCreatesTensorsFromJavaMemory() throws IOException {
        List<String> violations = scan(Path.of("target", "classes"), FORBIDDEN, "org/pcl4j/tensor/Tensors.class");
        assertThat(violations).as("calls that must go through org.pcl4j.tensor.Tensors").isEmpty();
    }

    @Test
    void transcendentalFunctionsComeFromStrictMath() throws IOException {
        assertThat(scan(Path.of("target", "classes"), LOOSE_MATH, null)).as("use StrictMath").isEmpty();
    }

    @Test
    void theScansFindPlantedViolations() throws IOException {
        // The test classes contain both on purpose (below): the scanner must see them.
        List<String> found = scan(Path.of("target", "test-classes"), FORBIDDEN, null);
        assertThat(found).anyMatch(v -> v.contains("BytecodeRulesTest$Offender") && v.contains("div"));
        assertThat(scan(Path.of("target", "test-classes"), LOOSE_MATH, null)).anyMatch(v -> v.contains("BytecodeRulesTest$Offender"));
    }

    private static List<String> scan(Path root, Pattern rule, String exempt) throws IOException {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("javap: run the tests on a JDK"));
        List<String> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.filter(p -> p.toString().endsWith(".class")).map(Path::toString).toList();
        }
        List<String> violations = new ArrayList<>();
        for (String file : classes) {
            if (exempt != null && file.replace('\\', '/').endsWith(exempt)) {
                continue;
            }
            StringWriter out = new StringWriter();
            int rc = javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p", file);
            assertThat(rc).as("javap " + file).isZero();
            Matcher m = rule.matcher(out.toString());
            while (m.find()) {
                violations.add(root.relativize(Path.of(file)) + ": " + m.group(1));
            }
        }
        return violations;
    }

    /** A deliberate offender, so that {@link #theScansFindPlantedViolations} proves the patterns match. */
    static final class Offender {
        static ai.djl.ndarray.NDArray offend(ai.djl.ndarray.NDArray x) {
            return x.div(2f);
        }

        static double loose(double x) {
            return Math.exp(x);
        }
    }
}
