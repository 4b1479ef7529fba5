/**
 * Benchmark mains behind the {@code bench/} scripts; a top layer beside {@code cli} that may use
 * every other package. Each main prints exactly one JSON object on stdout (progress on stderr) with
 * the load average before and after and the peak RSS, because on a shared two-core machine a
 * figure without the load it was measured under says little.
 *
 * <ul>
 *   <li>{@link org.pcl4j.bench.TrainThroughputBenchmark} — images/s of full training steps and of
 *       the data pipeline alone ({@code bench/train-throughput}).
 *   <li>{@link org.pcl4j.bench.EStepBenchmark} — seconds of the E-step's feature pass and of each
 *       k-means ({@code bench/estep}).
 *   <li>{@link org.pcl4j.bench.EpochBenchmark} — one full epoch split into E-step, M-step and
 *       evaluation ({@code bench/epoch}).
 *   <li>{@link org.pcl4j.bench.SyntheticColorImages} — seeded noise images standing in for CIFAR in
 *       throughput runs (throughput does not depend on pixel content).
 * </ul>
 *
 * See {@code docs/BENCHMARKS.md} for the flags and the figures measured.
 */
package org.pcl4j.bench;
