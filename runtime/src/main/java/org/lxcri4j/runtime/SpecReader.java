package org.lxcri4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.lxcri4j.runtime.spec.Spec;

/** Reads and validates a bundle's config.json; every error names the file and the JSON path. */
public final class SpecReader {

    /** Unknown properties are ignored: the runtime spec requires it. */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

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

    public static Spec parse(String json, String source) {
        Spec spec;
        try {
            spec = JSON.readValue(json, Spec.class);
        } catch (MismatchedInputException e) {
            throw new OciException(source + ": invalid value at " + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new OciException(source + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (spec == null) {
            throw new OciException(source + ": empty document");
        }
        SpecValidator.validate(spec, source);
        return spec;
    }

    private static String path(MismatchedInputException e) {
        StringBuilder b = new StringBuilder("$");
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append('.').append(ref.getFieldName());
            } else {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
