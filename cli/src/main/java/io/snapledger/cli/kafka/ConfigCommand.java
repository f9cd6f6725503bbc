package io.snapledger.cli.kafka;

import io.snapledger.kafka.KafkaSettings;
import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code config KEY [VALUE]}: reads, sets or unsets a setting in {@code HOME/snapledger.properties}. */
@Command(name = "config", description = {"Show or change a setting of the home (HOME/snapledger.properties).",
        "Keys: kafka.bootstrap, kafka.partitions, kafka.replication, kafka.wait.seconds,",
        "kafka.delivery.timeout.seconds."})
public final class ConfigCommand implements Callable<Integer> {
    static final List<String> KEYS = List.of(KafkaSettings.BOOTSTRAP, KafkaSettings.PARTITIONS,
            KafkaSettings.REPLICATION, KafkaSettings.WAIT_SECONDS, KafkaSettings.DELIVERY_TIMEOUT_SECONDS);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "The setting, e.g. kafka.bootstrap.")
    private String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The new value; without it the current one is shown.")
    private String value;

    @Option(names = "--unset", description = "Remove the setting (for kafka.bootstrap: publishing off).")
    private boolean unset;

    @Option(names = "--json", description = "Print {\"key\":..., \"value\":...}.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        if (!KEYS.contains(key)) {
            throw new BadUsageException("unknown setting " + key + "; the settings are " + String.join(", ", KEYS));
        }
        if (unset && value != null) {
            throw new BadUsageException("give a VALUE or --unset, not both");
        }
        Main main = Main.of(spec);
        Properties properties = KafkaSettings.read(main.home());
        if (unset || value != null) {
            if (unset) {
                properties.remove(key);
            } else {
                properties.setProperty(key, value);
            }
            write(main.home(), properties);
            KafkaSettings.of(main.home()); // refuses a value that is not a number where one is needed
        }
        String current = properties.getProperty(key);
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode().put("key", key).put("value", current);
            main.out().println(node);
        } else if (value == null && !unset) {
            main.out().println(current == null ? "" : current);
        }
        return 0;
    }

    private static void write(Path home, Properties properties) throws IOException {
        Files.createDirectories(home);
        try (Writer out = Files.newBufferedWriter(home.resolve(KafkaSettings.FILE))) {
            properties.store(out, "snapledger settings; see 'snapledger config --help'");
        }
    }
}
