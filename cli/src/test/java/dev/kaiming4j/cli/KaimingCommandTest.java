package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line naming a built-in command registers that command alone (picocli builds the
 * model of every registered one); every other command line gets them all, as before.
 */
class KaimingCommandTest {

    @Test
    void theBuiltInCommandIsTheFirstArgumentThatIsNoOption() {
        assertEquals("init", KaimingCommand.builtInNamed(new String[] {"init", "--shape", "4,4"}));
        assertEquals("stats", KaimingCommand.builtInNamed(new String[] {"--verbose", "stats", "init"}));
        assertNull(KaimingCommand.builtInNamed(new String[] {}));
        assertNull(KaimingCommand.builtInNamed(new String[] {"--help"}));
        assertNull(KaimingCommand.builtInNamed(new String[] {"ini", "init"}));
        assertNull(KaimingCommand.builtInNamed(new String[] {"--", "init"}));
        assertNull(KaimingCommand.builtInNamed(new String[] {"@args.txt"}));
    }

    @Test
    void aNamedBuiltInIsRegisteredAloneAndOtherwiseAllAre() {
        assertEquals(List.of("model"), names(KaimingCommand.commandLine(new String[] {"model", "--help"})));
        assertEquals(KaimingCommand.BUILT_IN, names(KaimingCommand.commandLine(new String[] {"--help"})));
        assertEquals(KaimingCommand.BUILT_IN, names(KaimingCommand.commandLine(new String[] {"propagate"})));
    }

    @Test
    void eachBuiltInHasTheSameUsageAloneAsAmongAll() {
        // The usage shows every option, the inherited --verbose included, and the qualified name.
        CommandLine all = KaimingCommand.commandLine(new String[] {});
        for (String name : KaimingCommand.BUILT_IN) {
            CommandLine alone = KaimingCommand.commandLine(new String[] {name}).getSubcommands().get(name);
            CommandLine among = all.getSubcommands().get(name);
            assertEquals(among.getUsageMessage(CommandLine.Help.Ansi.OFF),
                    alone.getUsageMessage(CommandLine.Help.Ansi.OFF), name);
            assertEquals(among.getCommandSpec().qualifiedName(), alone.getCommandSpec().qualifiedName(), name);
        }
    }

    /**
     * main() loads the native backend, auto's logger and Gson on a helper thread during parsing:
     * with native unavailable that stays silent, auto's fall-back line appears once, and bad usage
     * is still one line.
     */
    @Test
    void theWarmUpAddsNoOutput(@TempDir Path dir) throws Exception {
        List<String> nativeOff = List.of("-Dkaiming4j.native.disable=true");
        MainProcessTest.Run auto = MainProcessTest.java(nativeOff, Map.of(), "init", "--shape", "8,8", "--out",
                dir.resolve("a.npy").toString());
        assertEquals(0, auto.exit(), auto.err());
        assertTrue(auto.out().startsWith("{\"backend\":\"java\""), auto.out());
        assertEquals(1, auto.err().split("kaiming4j backend auto chose java", -1).length - 1, auto.err());

        MainProcessTest.Run bad = MainProcessTest.java(nativeOff, Map.of(), "init", "--shape", "8,8", "--out",
                dir.resolve("b.npy").toString(), "--dtype", "x");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().split("\n").length, bad.err());
    }

    private static List<String> names(CommandLine cl) {
        return new ArrayList<>(cl.getSubcommands().keySet());
    }
}
