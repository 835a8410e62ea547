package dev.kaiming4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    private static List<String> names(CommandLine cl) {
        return new ArrayList<>(cl.getSubcommands().keySet());
    }
}
