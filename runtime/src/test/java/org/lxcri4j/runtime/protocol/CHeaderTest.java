package org.lxcri4j.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The C helpers speak the protocol through the generated header alone: every record key is read
 * by its helper under the header's name, and no helper spells a key or a file name itself.
 */
class CHeaderTest {

    private static final Path C = Path.of("..");
    private static final Map<Reader, List<Path>> SOURCES = Map.of(
            Reader.INIT, List.of(C.resolve("libexec/src/main/c/lxcri4j-init.c")),
            Reader.HOOK, List.of(C.resolve("hooks/src/main/c/lxcri4j-hook.c")),
            Reader.START, List.of(C.resolve("libexec/src/main/c/lxcri4j-start.c")),
            Reader.FRONT, List.of(C.resolve("cmd/src/main/c/lxcri4j.c"), C.resolve("cmd/src/main/c/container.c")));

    private static String source(Reader reader) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : SOURCES.get(reader)) {
            b.append(Files.readString(p));
        }
        return b.toString();
    }

    @Test
    void everyRecordKeyIsReadByItsHelperUnderTheHeadersName() throws IOException {
        for (RecordKey k : RecordKey.values()) {
            assertTrue(Pattern.compile("\\b" + k.macro() + "\\b").matcher(source(k.reader)).find(),
                    k + " is not read by " + k.reader + " (" + k.macro() + ")");
        }
    }

    @Test
    void noHelperSpellsAKeyOrAFileNameOfItsOwn() throws IOException {
        Set<String> keys = new HashSet<>();
        for (RecordKey k : RecordKey.values()) {
            keys.add(k.key);
        }
        Set<String> files = new HashSet<>();
        for (RuntimeFile f : RuntimeFile.values()) {
            files.add(f.fileName());
        }
        List<String> found = new ArrayList<>();
        Pattern compared = Pattern.compile("str(?:n)?cmp\\([^,]+, \"([^\"]*)\"");
        Pattern literal = Pattern.compile("\"([a-z][a-z.-]*)(=?)\"");
        for (Reader r : Reader.values()) {
            String text = source(r);
            for (Matcher m = compared.matcher(text); m.find();) {
                String s = m.group(1).replaceAll("=$", "");
                if (keys.contains(s)) {
                    found.add(r + " compares with \"" + m.group(1) + "\"");
                }
            }
            for (Matcher m = literal.matcher(text); m.find();) {
                if (m.group(2).equals("=") && keys.contains(m.group(1)) || files.contains(m.group(1)) && m.group(1).contains(".")) {
                    found.add(r + " spells \"" + m.group(1) + m.group(2) + "\"");
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theHeaderDefinesEachKeyFileAndNamespaceOnce() {
        String h = CHeader.text();
        for (RecordKey k : RecordKey.values()) {
            assertTrue(h.contains("#define " + k.macro() + " \"" + k.key + "\""), k.toString());
        }
        for (RuntimeFile f : RuntimeFile.values()) {
            assertTrue(h.contains("#define " + f.macro() + " \"" + f.fileName() + "\""), f.toString());
        }
        for (Namespace n : Namespace.values()) {
            assertTrue(h.contains("X(\"" + n.enteredEntry() + "\", \"" + n.lxcName() + "\", " + n.macro() + ")"), n.toString());
        }
        Set<String> macros = new HashSet<>();
        for (Matcher m = Pattern.compile("#define (\\w+)").matcher(h); m.find();) {
            assertTrue(macros.add(m.group(1)), "defined twice: " + m.group(1));
        }
    }
}
