# forkpool container image.
#   docker build -t forkpool .
#   docker run -p 8080:8080 forkpool
# Stage 1 builds the boot jar, stage 2 extracts it into the AOT-cache-friendly layout,
# stage 3 is the runtime image, where the AOT caches are trained (an AOT cache is only valid
# for the exact JVM build that created it, so training must run on the runtime JRE).

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Dependencies first, so source edits don't re-download them. go-offline misses a few plugin
# dependencies; package fetches those.
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
    && cp target/forkpool-*.jar /build/app.jar

FROM eclipse-temurin:25-jre AS extract
WORKDIR /extract
COPY --from=build /build/app.jar app.jar
# Layout: <layer>/app.jar (application classes, manifest Class-Path -> lib/) and <layer>/lib/*.jar.
# Copied in order below, the layers merge into /app/app.jar + /app/lib/.
RUN java -Djarmode=tools -jar app.jar extract --layers --destination layers

FROM eclipse-temurin:25-jre
# The JRE image has neither curl nor wget; curl is for the HEALTHCHECK.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system forkpool \
    && useradd --system --gid forkpool --home-dir /app --no-create-home forkpool
WORKDIR /app
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./

# Worker JVM flags (property forkpool.pool.jvm-options, comma separated in env form; no option
# may contain a comma). The worker's stdout is its frame channel, so JVM log warnings (for
# example "AOT cache mismatch") are sent to stderr instead of the default stdout.
# Serial GC and a fixed heap suit many small single-threaded processes sharing a container's
# memory; a worker that runs out of memory exits, and the pool replaces it.
ENV FORKPOOL_POOL_JVM_OPTIONS="-XX:AOTCache=/app/worker.aot,-Xlog:disable,-Xlog:all=warning:stderr,-XX:+DisplayVMOutputToStderr,-XX:+UseSerialGC,-Xmx512m,-XX:+ExitOnOutOfMemoryError,-XX:-UsePerfData" \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:AOTCache=/app/app.aot" \
    FORKPOOL_DATA_DIR=/app/data

# AOT cache training runs. The worker's class path must be the one WorkerCommand launches it
# with: the parent's java.class.path, /app/app.jar, whose manifest lists lib/. WorkerMain writes
# its HELLO frame and exits on EOF on stdin. The parent's run stops once the context is refreshed.
RUN java -XX:AOTCacheOutput=/app/worker.aot -Xlog:disable -Xlog:all=warning:stderr \
        -XX:+UseSerialGC -Xmx512m -XX:-UsePerfData \
        -cp /app/app.jar dev.forkpool.worker.WorkerMain < /dev/null > /dev/null \
    && java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh \
        -jar /app/app.jar --forkpool.data-dir=/tmp/aot-training \
    && rm -rf /tmp/aot-training \
    && test -s /app/worker.aot && test -s /app/app.aot \
    && mkdir -p /app/data && chown forkpool:forkpool /app/data

USER forkpool
VOLUME ["/app/data"]
# The API port. The HEALTHCHECK follows SERVER_PORT (and MANAGEMENT_SERVER_PORT, when actuator is
# moved to its own port) at run time, so `-e SERVER_PORT=9000` needs nothing else; change EXPOSE
# and the compose file's ports with it.
ENV SERVER_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-$SERVER_PORT}/actuator/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "forkpool"]
