package io.snapledger.kafkadev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the Kafka broker's classes are, for the child JVMs {@link KafkaNodes} starts. The build
 * writes the broker's Maven classpath (jars in the local Maven repository) into the
 * {@code kafka-broker.classpath} resource, so the snapledger jar carries only the list, not the
 * broker. Without the resource (an IDE run) the current classpath is used.
 */
final class BrokerClasspath {
    private static final String RESOURCE = "/kafka-broker.classpath";

    private BrokerClasspath() {
    }

    static String find() {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return System.getProperty("java.class.path");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            requirePresent(classpath);
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void requirePresent(String classpath) {
        List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(entry -> !Files.exists(Path.of(entry))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Kafka broker's jars are not in the local Maven repository (e.g. "
                    + missing.get(0) + "); fetch them with 'mvn -pl app -am test-compile' from the snapledger checkout");
        }
    }
}
