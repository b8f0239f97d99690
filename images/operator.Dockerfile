# The lxkns operator. Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f images/operator.Dockerfile -t REPO:TAG-operator .
FROM eclipse-temurin:17.0.15_6-jdk AS cds
COPY operator/target/lxkns-operator.jar /app/lxkns-operator.jar
RUN java -XX:ArchiveClassesAtExit=/app/lxkns-operator.jsa -jar /app/lxkns-operator.jar --help > /dev/null

FROM eclipse-temurin:17.0.15_6-jre
COPY --from=cds /app /app
USER 65532:65532
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/lxkns-operator.jsa", "-XX:MaxRAMPercentage=70", "-jar", "/app/lxkns-operator.jar"]
