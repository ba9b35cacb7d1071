# syntax=docker/dockerfile:1
# Container images of the three deployables, from one build (README: "Container images"):
#   docker build --target streams-app -t digits/streams-app:0.1.0 .
#   docker build --target trainer     -t digits/trainer:0.1.0 .
#   docker build --target producer    -t digits/producer:0.1.0 .
# docker compose build does all three. No model and no data are baked in: the trainer writes models to a
# volume, MNIST comes from a volume (docker-compose.yml's mnist-init, k8s' fetch-mnist init container).
# The images share every layer but the last, so the three together take the space of one.

FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /src
COPY . .
# The launcher and the modules it needs (not the test-only modules); docker/app-libs.sh copies the
# launcher's jar and its runtime classpath (cli/target/classpath.txt) flat into /app/lib, refusing two
# jars with one file name.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -ntp -DskipTests -pl cli -am package \
 && docker/app-libs.sh /app/lib

FROM eclipse-temurin:17-jre-noble AS runtime
RUN groupadd --system --gid 10001 digits \
 && useradd --system --uid 10001 --gid digits --home-dir /var/lib/digits --shell /usr/sbin/nologin digits \
 && mkdir -p /var/lib/digits/models /var/lib/digits/mnist /var/cache/digits \
 && chown -R digits:digits /var/lib/digits /var/cache/digits
COPY --from=build /app/lib/ /app/lib/
# DIGITS_HOME and DIGITS_DATA: the MNIST volume; DJL_CACHE_DIR: where DJL unpacks the PyTorch native
# library at start (a writable volume or tmpfs when the root filesystem is read-only).
ENV DIGITS_HOME=/var/lib/digits \
    DIGITS_DATA=/var/lib/digits/mnist \
    DJL_CACHE_DIR=/var/cache/digits/djl \
    OMP_WAIT_POLICY=PASSIVE
USER 10001:10001
WORKDIR /var/lib/digits
# Heap is a share of the container's memory; PyTorch's native memory lives outside it. More JVM flags:
# JDK_JAVA_OPTIONS. The launcher's subcommands are the entry points (java ... io.digits.cli.Digits).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dai.djl.offline=true", "-cp", "/app/lib/*", "io.digits.cli.Digits"]
CMD ["--help"]

# DIGITS_REGISTRY: the models volume, written by the trainer and read by the classifier.
FROM runtime AS trainer
ENV DIGITS_REGISTRY=/var/lib/digits/models
CMD ["train"]

FROM runtime AS producer
CMD ["produce", "--source", "mnist-test", "--labels"]

FROM runtime AS streams-app
ENV DIGITS_REGISTRY=/var/lib/digits/models
EXPOSE 8080
CMD ["serve"]
