package io.snapledger.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole projection but its positions as canonical JSON: one property per column family in
 * name order, each an array of {@code {"key": ..., "value": ...}} in key order, every object's
 * properties sorted, two-space indentation and {@code \n} line ends whatever the platform. Two
 * stores built from the same events, by any source and in any batching, dump the same bytes.
 */
final class CanonicalDump {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StoreJson json;

    CanonicalDump(StoreJson json) {
        this.json = json;
    }

    void write(ReadView view, OutputStream out) throws RocksDBException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        List<Family> families = new ArrayList<>(Arrays.asList(Family.values()));
        families.removeIf(family -> family == Family.POSITIONS || family == Family.DEFAULT);
        families.sort(Comparator.comparing(Family::familyName));
        try (JsonGenerator generator = json.mapper().getFactory().createGenerator(out)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false); // the caller owns the stream
            generator.setPrettyPrinter(printer);
            generator.writeStartObject();
            for (Family family : families) {
                generator.writeArrayFieldStart(family.familyName());
                IOException[] failure = new IOException[1];
                view.scan(family, new byte[0], (key, value) -> {
                    ObjectNode entry = NODES.objectNode();
                    entry.set("key", key(family, key));
                    entry.set("value", value(family, key, value));
                    try {
                        generator.writeTree(sorted(entry));
                        return true;
                    } catch (IOException e) {
                        failure[0] = e;
                        return false;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the projection dump: " + e.getMessage(), e);
        }
    }

    private JsonNode key(Family family, byte[] key) {
        ObjectNode node = NODES.objectNode();
        switch (family) {
            case DOMAINS, CURRENT, HISTORY_SEQUENCES -> node.put("domain", Keys.text(key));
            case NODES, LINKS -> node.put("domain", Keys.domainOf(key))
                    .put("uuid", Keys.uuidAt(key, Keys.afterDomain(key)).toString());
            case NAMES -> node.put("domain", Keys.domainOf(key))
                    .put("name", Keys.text(Arrays.copyOfRange(key, Keys.afterDomain(key), key.length)));
            case IDS -> node.put("domain", Keys.domainOf(key))
                    .put("id", Keys.longValue(Arrays.copyOfRange(key, Keys.afterDomain(key), key.length)));
            case HISTORY -> historyKey(node, Keys.historyKey(key));
            case HISTORY_BY_TIME -> historyKey(node, Keys.historyByTimeKey(key));
            default -> throw new IllegalArgumentException("the dump has no key layout for family " + family);
        }
        return node;
    }

    private JsonNode value(Family family, byte[] key, byte[] value) {
        return switch (family) {
            case DOMAINS, NODES -> json.tree(value);
            case HISTORY -> json.mapper().valueToTree(HistoryValue.entry(Keys.historyKey(key), value, json));
            case CURRENT, NAMES, IDS -> NODES.textNode(Keys.uuid(value).toString());
            case HISTORY_SEQUENCES -> NODES.numberNode(Keys.longValue(value));
            case HISTORY_BY_TIME -> NODES.nullNode();
            case LINKS -> link(value);
            default -> throw new IllegalArgumentException("the dump has no value layout for family " + family);
        };
    }

    private static ObjectNode link(byte[] value) {
        // The UUID is the key's; any will do to decode the value's fields.
        Link link = Link.decode(new UUID(0, 0), value);
        return NODES.objectNode().put("parent", link.parent() == null ? null : link.parent().toString())
                .put("id", link.ref().id()).put("name", link.ref().name());
    }

    private static ObjectNode historyKey(ObjectNode node, Keys.HistoryKey key) {
        return node.put("domain", key.domain()).put("time", key.time().toString()).put("sequence", key.sequence());
    }

    /** A copy with every object's properties in name order. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            fields.forEach(field -> copy.set(field.getKey(), sorted(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
