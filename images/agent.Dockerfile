# The lxkns agent (and CLI). Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f images/agent.Dockerfile -t REPO:TAG-agent .
# Stage 1 records a class-data sharing archive from a real discovery, so the agent starts faster.
FROM eclipse-temurin:17.0.15_6-jdk AS cds
COPY agent/target/lxkns.jar /app/lxkns.jar
# JNA's and netty's native libraries, unpacked once here: with them in /app/native neither unpacks
# into a temporary directory at run time, so the read-only root needs no writable, exec-able /tmp.
RUN mkdir -p /app/native && cd /tmp \
 && jar xf /app/lxkns.jar com/sun/jna/linux-x86-64/libjnidispatch.so META-INF/native/libnetty_transport_native_epoll_x86_64.so \
 && mv com/sun/jna/linux-x86-64/libjnidispatch.so META-INF/native/libnetty_transport_native_epoll_x86_64.so /app/native/
ENV LXKNS_NATIVE="-Djna.boot.library.path=/app/native -Djna.nounpack=true -Djava.library.path=/app/native"
RUN java -XX:ArchiveClassesAtExit=/app/lxkns.jsa $LXKNS_NATIVE -jar /app/lxkns.jar ls -o json --no-containers > /dev/null \
 && java -XX:SharedArchiveFile=/app/lxkns.jsa -Xshare:on $LXKNS_NATIVE -jar /app/lxkns.jar --version

# Stage 2: the JRE of the same build (a CDS archive only fits the JVM that wrote it), nothing else.
FROM eclipse-temurin:17.0.15_6-jre
COPY --from=cds /app /app
# `kubectl exec ... -- lxkns ls` on a node: the launcher with the image's archive (it writes nothing).
COPY bin/lxkns /usr/local/bin/lxkns
ENV LXKNS_JAR=/app/lxkns.jar LXKNS_CDS=/app/lxkns.jsa \
    LXKNS_JAVA_OPTS="-Djna.boot.library.path=/app/native -Djna.nounpack=true -Djava.library.path=/app/native"
# Non-root by default; the Helm chart runs the agent as UID 0 with only the capabilities it needs,
# because Kubernetes cannot give capabilities to a non-root process.
USER 65532:65532
# A small daemon that mostly sleeps: serial GC, C1 only, a small code cache and stacks, 40 % of the
# container's memory limit as heap at most, and what a collection frees beyond 20 % given back (the
# same agent at a 30 s interval: 99 MiB RSS without, 94 MiB with). hack/bench measures RSS and CPU with these options (docs/benchmarks.md).
# PodFidelityIT runs the jar with exactly this entry point (less the archive), in the chart's securityContext.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/lxkns.jsa", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", \
            "-XX:ReservedCodeCacheSize=24m", "-Xss512k", "-XX:MaxRAMPercentage=40", \
            "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=5", \
            "-Djna.boot.library.path=/app/native", "-Djna.nounpack=true", "-Djava.library.path=/app/native", \
            "-jar", "/app/lxkns.jar"]
CMD ["ls"]
