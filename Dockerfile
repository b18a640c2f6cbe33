# forkpool container image.
#   docker build -t forkpool .
#   docker run -p 8080:8080 -e FORKPOOL_SECURITY_KEYS_0_OWNER=... forkpool   (keys: README, "Security")
# Stage 1 builds the boot jar, stage 2 extracts it into the AOT-cache-friendly layout,
# stage 3 is the runtime image, where the service's AOT cache is trained (an AOT cache is only
# valid for the exact JVM build that created it, so training must run on the runtime JRE).

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

# The service's heap: half the container's memory limit (on a host without one, half the host's).
# The workers are separate JVMs (-Xmx512m each by default, forkpool.pool.jvm-options) and share
# the other half; lower MaxRAMPercentage, or the pool size, for many workers in a small container.
# The worker JVM flags are the pool's defaults: setting FORKPOOL_POOL_JVM_OPTIONS replaces the
# whole list. The pool builds its own worker AOT cache under /app/data/worker-cache (in the
# background at first start, kept on the volume), so no worker cache is trained here: one trained
# here would fit neither the pool's worker class path nor its flags.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:AOTCache=/app/app.aot" \
    FORKPOOL_DATA_DIR=/app/data

# The service's AOT cache: a training run that stops once the context is refreshed, on random
# ports, without the pool's worker cache (its background build would only be cut short).
RUN java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh \
        -jar /app/app.jar --forkpool.data-dir=/tmp/aot-training \
        --server.port=0 --management.server.port=0 --forkpool.pool.aot-cache=false \
    && rm -rf /tmp/aot-training \
    && test -s /app/app.aot \
    && mkdir -p /app/data && chown forkpool:forkpool /app/data

USER forkpool
VOLUME ["/app/data"]
# The API port and the management (actuator) port. The HEALTHCHECK follows MANAGEMENT_SERVER_PORT
# at run time, so `-e MANAGEMENT_SERVER_PORT=9001` needs nothing else; change EXPOSE and the
# compose file's ports with them. Only health, info and prometheus answer there without a key.
# With no API key configured the service listens on loopback only (protected mode), which inside a
# container means unreachable: configure keys (README, "Security") or, only behind something that
# authenticates, FORKPOOL_SECURITY_ALLOW_ANONYMOUS=true.
ENV SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=8081
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${MANAGEMENT_SERVER_PORT}/actuator/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "forkpool"]
