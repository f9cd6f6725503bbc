package io.snapledger.cli.snapshots;

import io.snapledger.cli.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --as-of}: a domain's snapshots answered as they stood at an instant, from the history.
 * Each command runs one minute after the previous one on a clock the test holds, so the test
 * knows the instant at which each state held. One history, made once, serves every test: they
 * only read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeTravelTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    static Path dir;

    private final TestClock clock = new TestClock(START);
    private Vm vm;
    /** What every read command printed right after each step, by the instant of that step. */
    private final Map<Instant, String> recorded = new LinkedHashMap<>();

    @Test
    void everyListingAsOfAnInstantIsWhatItPrintedAtThatInstant() {

        recorded.forEach((instant, expected) -> assertEquals(expected, reads(instant.toString()), "as of " + instant));
        // an offset names the same instant as UTC does
        Instant fifth = START.plus(Duration.ofMinutes(5));
        assertEquals(recorded.get(fifth), reads("2026-11-22T11:05+01:00"));
    }

    @Test
    void aDeletedSnapshotARenamedOneAndAReparentedOneAsTheyWere() {

        // s2 was renamed s2b at minute 8 and deleted at minute 9; its child s3 moved up to s1 then
        assertEquals("s2\n", vm.ok("snapshot-parent", Vm.NAME, "s3", "--as-of", minute(7)));
        assertEquals("s2b\n", vm.ok("snapshot-parent", Vm.NAME, "s3", "--as-of", minute(8)));
        assertEquals("s1\n", vm.ok("snapshot-parent", Vm.NAME, "s3", "--as-of", minute(9)));
        assertEquals("s2b", vm.json("snapshot-info", Vm.NAME, "s2b", "--as-of", minute(8), "--json")
                .get("name").asText());
        assertEquals("snapledger: domain vm has no snapshot 's2b' (by name, UUID or number); list them with "
                + "'snapledger snapshot-list vm'", vm.cli("snapshot-info", Vm.NAME, "s2b", "--as-of", minute(9))
                .singleErrorLine(1));
        // current as it was: s3 once taken (minute 3), s1 after the revert (minute 4), s3 again today
        assertEquals("s1\n", vm.ok("snapshot-current", Vm.NAME, "--as-of", minute(4)));
        assertEquals("s3\n", vm.ok("snapshot-current", Vm.NAME, "--as-of", minute(3)));
        assertEquals("s3\n", vm.ok("snapshot-current", Vm.NAME));
    }

    @Test
    void beforeTheDomainExistedAndBadTimesAreRefused() {

        assertEquals("snapledger: domain vm did not exist at 2026-11-22T09:59:00Z: its history starts at "
                + "2026-11-22T10:00:00Z; give a later --as-of",
                vm.cli("snapshot-list", Vm.NAME, "--as-of", START.minusSeconds(60)).singleErrorLine(1));
        assertEquals("snapledger: domain nosuch is not defined; define it with 'snapledger define nosuch "
                + "--disk NAME=PATH'", vm.cli("snapshot-list", "nosuch", "--as-of", START).singleErrorLine(1));
        assertTrue(vm.cli("snapshot-list", Vm.NAME, "--as-of", "yesterday").singleErrorLine(2)
                .startsWith("snapledger: --as-of yesterday: not a time; use 2026-11-22,"));
        // a date alone is the end of that day: everything done that day
        assertEquals(vm.ok("snapshot-list", Vm.NAME, "--tree"),
                vm.ok("snapshot-list", Vm.NAME, "--tree", "--as-of", "2026-11-22"));
    }

    /**
     * s1 ← s2 ← s3; revert to s1; s1 ← s4 ← s5 ← s6; rename s2 to s2b; plain delete of s2b (s3
     * moves up to s1); --children-only of s5 (s6 goes); --children of s4 (s4 and s5 go); revert
     * to s3. Minute 0 is the definition, minute N the Nth step.
     */
    @BeforeAll
    void history() {
        vm = Vm.qcow2(dir, "vda", "vdb").clock(clock).define();
        record();
        step("snapshot-create", Vm.NAME, "--name", "s1");
        step("snapshot-create", Vm.NAME, "--name", "s2");
        step("snapshot-create", Vm.NAME, "--name", "s3");
        step("snapshot-revert", Vm.NAME, "s1");
        step("snapshot-create", Vm.NAME, "--name", "s4");
        step("snapshot-create", Vm.NAME, "--name", "s5");
        step("snapshot-create", Vm.NAME, "--name", "s6");
        step("snapshot-edit", Vm.NAME, "s2", "--rename", "s2b");
        step("snapshot-delete", Vm.NAME, "s2b");
        step("snapshot-delete", Vm.NAME, "s5", "--children-only");
        step("snapshot-delete", Vm.NAME, "s4", "--children");
        step("snapshot-revert", Vm.NAME, "s3");
        clock.advance(Duration.ofMinutes(1)); // the queries below happen later still
    }

    private void step(Object... command) {
        clock.advance(Duration.ofMinutes(1));
        vm.ok(command);
        record();
    }

    private void record() {
        recorded.put(clock.instant(), reads(null));
    }

    /** Every read the time travel answers, today's or as of {@code asOf}. */
    private String reads(String asOf) {
        StringBuilder all = new StringBuilder();
        // the JSON listing holds every snapshot's name, parent, state, children, descendants and current flag
        all.append(read(asOf, "snapshot-list", Vm.NAME, "--tree"));
        all.append(read(asOf, "snapshot-list", Vm.NAME, "--json"));
        all.append(read(asOf, "snapshot-info", Vm.NAME, "s5"));
        // s3's parent moves (s2, renamed s2b, then s1) and it stops and starts being current
        all.append(read(asOf, "snapshot-dumpxml", Vm.NAME, "s3"));
        return all.toString();
    }

    /** What a command printed, or its error line: a snapshot missing at that time is part of the answer. */
    private String read(String asOf, Object... command) {
        Object[] args = command;
        if (asOf != null) {
            args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--as-of";
            args[command.length + 1] = asOf;
        }
        var result = vm.cli(args);
        return result.exit() + ":" + result.out() + result.err();
    }

    private static String minute(int n) {
        return START.plus(Duration.ofMinutes(n)).toString();
    }
}
