# syntax=docker/dockerfile:1
# Container images of the three deployables, from one build (README: "Container images"):
#   docker build --target streams-app -t digits/streams-app:0.1.0 .
#   docker build --target trainer     -t digits/trainer:0.1.0 .
#   docker build --target producer    -t digits/producer:0.1.0 .
# docker compose build does all three. No model and no data are baked in: the trainer writes models to a
# volume, MNIST comes from a volume (docker-compose.yml's mnist-init, k8s' fetch-mnist init container).
# Each image holds only its deployable's runtime classpath and runs its own main class, which runs the same
# picocli command as ./digits (serve; train; produce and score); the launcher's demo, the benchmark, the
# embedded broker (Kafka's server jars, Scala) and the charts of the streams-app image stay out.
# `docker/app-libs.sh TARGET DEST` lays out an image's /app/lib on any machine, to see what it holds.

FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /src
COPY . .
# The three deployables and the modules they need (not the launcher, the demo, the bench or the tests);
# docker/app-libs.sh copies a deployable's jar and its runtime classpath (TARGET/target/classpath.txt)
# flat into /app/lib/TARGET, refusing two jars with one file name; each target stage copies only its own.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -ntp -DskipTests -pl streams-app,trainer,producer -am package \
 && docker/app-libs.sh streams-app /app/lib/streams-app \
 && docker/app-libs.sh trainer /app/lib/trainer \
 && docker/app-libs.sh producer /app/lib/producer

# What the three images share: the JRE, the user, the folders and the environment.
FROM eclipse-temurin:17-jre-noble AS runtime
RUN groupadd --system --gid 10001 digits \
 && useradd --system --uid 10001 --gid digits --home-dir /var/lib/digits --shell /usr/sbin/nologin digits \
 && mkdir -p /var/lib/digits/models /var/lib/digits/mnist /var/cache/digits \
 && chown -R digits:digits /var/lib/digits /var/cache/digits
# DIGITS_HOME and DIGITS_DATA: the MNIST volume; DJL_CACHE_DIR: where DJL unpacks the PyTorch native
# library at start (a writable volume or tmpfs when the root filesystem is read-only).
ENV DIGITS_HOME=/var/lib/digits \
    DIGITS_DATA=/var/lib/digits/mnist \
    DJL_CACHE_DIR=/var/cache/digits/djl \
    OMP_WAIT_POLICY=PASSIVE
USER 10001:10001
WORKDIR /var/lib/digits
# Each target's ENTRYPOINT: heap is a share of the container's memory (PyTorch's native memory lives
# outside it); more JVM flags: JDK_JAVA_OPTIONS. CMD names the subcommand, as compose and k8s do.

# DIGITS_REGISTRY: the local model folder: where the trainer writes a version before sending it to the models
# topic, and the classifier's cache of what it fetched from the topic (no volume is shared).
FROM runtime AS trainer
# The printed-digit set of the trainer's evaluation beyond MNIST draws with the machine's fonts: the families CI
# has (trainer/README.md), so a model trained here is measured on the same set. (The UCI handwriting set comes from
# Debian's python3-sklearn, too large for this image: trained here, a model's manifest simply lacks that set.)
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-liberation fonts-freefont-ttf fonts-urw-base35 \
        fonts-comic-neue fonts-cantarell \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001
COPY --from=build /app/lib/trainer/ /app/lib/
ENV DIGITS_REGISTRY=/var/lib/digits/models
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dai.djl.offline=true", "-cp", "/app/lib/*", "io.digits.trainer.TrainerMain"]
CMD ["train"]

FROM runtime AS producer
COPY --from=build /app/lib/producer/ /app/lib/
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dai.djl.offline=true", "-cp", "/app/lib/*", "io.digits.producer.ProducerMain"]
CMD ["produce", "--source", "mnist-test", "--labels"]

FROM runtime AS streams-app
COPY --from=build /app/lib/streams-app/ /app/lib/
ENV DIGITS_REGISTRY=/var/lib/digits/models
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dai.djl.offline=true", "-cp", "/app/lib/*", "io.digits.streams.StreamsAppMain"]
CMD ["serve"]
