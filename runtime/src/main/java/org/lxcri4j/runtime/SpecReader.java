package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.lxcri4j.runtime.json.JsonReader;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.translate.SpecValidator;

/** Reads and validates a bundle's config.json; every error names the file and the JSON path. */
public final class SpecReader {

    private SpecReader() {
    }

    public static Spec read(Path bundle) {
        Path file = bundle.resolve("config.json");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new OciException("bundle " + bundle + ": config.json not found");
        } catch (IOException e) {
            throw new OciException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** A process.json as `exec --process` takes it. */
    public static ProcessSpec readProcess(Path file) {
        return readPart(file, ProcessSpec.class);
    }

    /** One section of a spec from its own file (process.json, a resources file for `update`). */
    public static <T> T readPart(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new OciException("cannot read " + file + ": " + e.getMessage());
        }
        return parsePart(text, file.toString(), type);
    }

    /** As {@link #readPart}, from text. */
    public static <T> T parsePart(String text, String source, Class<T> type) {
        T value;
        try {
            value = JsonReader.read(text, type);
        } catch (IllegalArgumentException e) {
            throw new OciException(source + ": " + e.getMessage());
        }
        if (value == null) {
            throw new OciException(source + ": empty document");
        }
        return value;
    }

    public static Spec parse(String json, String source) {
        Spec spec = parsePart(json, source, Spec.class);
        SpecValidator.validate(spec, source);
        return spec;
    }
}
