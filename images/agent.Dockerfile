# The lxkns agent (and CLI). Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f images/agent.Dockerfile -t REPO:TAG-agent .
# Stage 1 records a class-data sharing archive from a real discovery, so the agent starts faster.
FROM eclipse-temurin:17.0.15_6-jdk AS cds
COPY agent/target/lxkns.jar /app/lxkns.jar
RUN java -XX:ArchiveClassesAtExit=/app/lxkns.jsa -Djna.tmpdir=/tmp -jar /app/lxkns.jar ls -o json --no-containers > /dev/null \
 && java -XX:SharedArchiveFile=/app/lxkns.jsa -Xshare:on -jar /app/lxkns.jar --version

# Stage 2: the JRE of the same build (a CDS archive only fits the JVM that wrote it), nothing else.
FROM eclipse-temurin:17.0.15_6-jre
COPY --from=cds /app /app
# `kubectl exec ... -- lxkns ls` on a node: the launcher with the image's archive (it writes nothing).
COPY bin/lxkns /usr/local/bin/lxkns
ENV LXKNS_JAR=/app/lxkns.jar LXKNS_CDS=/app/lxkns.jsa
# Non-root by default; the Helm chart runs the agent as UID 0 with only the capabilities it needs,
# because Kubernetes cannot give capabilities to a non-root process.
USER 65532:65532
ENV JAVA_TOOL_OPTIONS="-Djna.tmpdir=/tmp"
# A small daemon that mostly sleeps: serial GC, C1 only, a small code cache and stacks, 40 % of the
# container's memory limit as heap. hack/bench measures RSS and CPU with these options (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/lxkns.jsa", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", \
            "-XX:ReservedCodeCacheSize=24m", "-Xss512k", "-XX:MaxRAMPercentage=40", "-jar", "/app/lxkns.jar"]
CMD ["ls"]
