# JVM image of the AppStack operator (Quarkus fast-jar). Build the application first — `make image` does
# both: ./mvnw -B package -DskipTests && docker build -t appstack/appstack-operator:0.1.0 .
#
# Runs as the non-root user 185 of the base image. Nothing is written to the image's filesystem at run
# time except /tmp, so it runs with readOnlyRootFilesystem: true and an emptyDir at /tmp (the Helm chart
# does this).
ARG BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24
FROM ${BASE_IMAGE}

ENV LANGUAGE='en_US:en'

# The four layers of the fast-jar, least to most often changed; owned by root and read-only for the app.
COPY target/quarkus-app/lib/ /deployments/lib/
COPY target/quarkus-app/*.jar /deployments/
COPY target/quarkus-app/app/ /deployments/app/
COPY target/quarkus-app/quarkus/ /deployments/quarkus/

# AppCDS: the classes a start loads, archived for the JVM to map instead of loading and verifying them
# (docs/BENCHMARKS.md, "The operator's footprint"). An archive holds only for the JVM build that wrote it, so the
# image's own JVM writes it from a whole start: CdsTraining (in the operator's jar, JDK only) serves a minimal
# Kubernetes API on loopback (TLS, empty lists, silent watches, the leader Lease), starts the jar as run-java.sh does
# (from /deployments, by its absolute path) against it, and stops it with SIGTERM once started; the JVM writes what
# it loaded as it exits. A JVM that cannot use the archive starts without it. bench/footprint.sh and
# PackagedOperatorTest run this RUN line on the fast-jar.
USER root
RUN cd /deployments && java -cp '/deployments/app/*' io.appstack.operator.image.CdsTraining /deployments \
      && chmod 444 /deployments/app-cds.jsa

EXPOSE 8080
USER 185

# run-java.sh sizes the heap from the container's memory limit; the chart sets the GC and JIT (GC_CONTAINER_OPTIONS).
ENV JAVA_OPTS_APPEND="-XX:SharedArchiveFile=/deployments/app-cds.jsa -Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"

ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
