/**
 * Start-up measurements of the launcher and jar against the mock API server. Not a test: run it on
 * purpose after packaging ({@code ./mvnw -B -o package -pl kubectl -DskipTests} then
 * {@code ./mvnw -B -o test -pl kubectl -Dtest=StartupBench}); it asserts nothing and prints a
 * Markdown table (docs/benchmarks.md has its last results).
 */
package io.lxkns.kubectl.bench;
