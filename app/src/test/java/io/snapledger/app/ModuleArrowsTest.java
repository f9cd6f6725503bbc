package io.snapledger.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The arrows of docs/ARCHITECTURE.md between the modules, as a test: Maven keeps a module from
 * using one it does not depend on; these rules keep the ports narrow where a dependency exists.
 */
class ModuleArrowsTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.snapledger");
    }

    @Test
    void coreKnowsNoFaceAndNoKafka() {
        check(noClasses().that().resideInAPackage("io.snapledger.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.snapledger.cli..", "io.snapledger.kafka..",
                        "io.snapledger.kafkadev..", "picocli..", "org.apache.kafka..", "io.javalin.."));
    }

    @Test
    void theServicePortSpeaksNoAxonPicocliOrHttp() {
        check(noClasses().that().haveFullyQualifiedName("io.snapledger.core.LedgerService")
                .or().haveFullyQualifiedName("io.snapledger.core.LedgerReads")
                .or().haveFullyQualifiedName("io.snapledger.core.LedgerStatus")
                .or().haveFullyQualifiedName("io.snapledger.core.SnapshotRequest")
                .or().haveFullyQualifiedName("io.snapledger.core.Caller")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "picocli..",
                        "io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..", "io.snapledger.command.runtime.."));
    }

    @Test
    void commandsReachTheLedgerOnlyThroughThePort() {
        check(noClasses().that().resideInAPackage("io.snapledger.cli..")
                .and().doNotHaveFullyQualifiedName("io.snapledger.cli.Main")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.snapledger.core.LocalLedger")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework..",
                        "io.snapledger.command.runtime..", "org.rocksdb.."));
    }

    @Test
    void onlyTheCommandLineAndItsDaemonUsePicocli() {
        check(noClasses().that().resideOutsideOfPackages("io.snapledger.cli..", "io.snapledger.daemon..")
                .should().dependOnClassesThat().resideInAPackage("picocli.."));
    }

    @Test
    void kafkaKnowsNoFace() {
        check(noClasses().that().resideInAPackage("io.snapledger.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("io.snapledger.cli..", "io.snapledger.kafkadev.."));
    }

    @Test
    void theLocalKafkaClusterStandsAlone() {
        check(noClasses().that().resideInAPackage("io.snapledger.kafkadev..")
                .should().dependOnClassesThat().resideInAnyPackage("io.snapledger.core..", "io.snapledger.kafka..",
                        "io.snapledger.cli..", "io.snapledger.command..", "io.snapledger.query.."));
    }

    @Test
    void theProductOnlyStartsLocalBrokersFromItsOwnCommand() {
        check(noClasses().that().resideOutsideOfPackages("io.snapledger.kafkadev..", "io.snapledger.cli.kafka..")
                .should().dependOnClassesThat().resideInAPackage("io.snapledger.kafkadev.."));
    }

    @Test
    void theSidesStayApart() {
        check(noClasses().that().resideInAPackage("io.snapledger.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.snapledger.command..", "io.snapledger.core..",
                        "io.snapledger.image.."));
        check(noClasses().that().resideInAnyPackage("io.snapledger.command..", "io.snapledger.image..",
                        "io.snapledger.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.snapledger.core..", "io.snapledger.query..",
                        "io.snapledger.kafka..", "io.snapledger.cli.."));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
