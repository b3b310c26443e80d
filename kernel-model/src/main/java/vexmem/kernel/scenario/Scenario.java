package vexmem.kernel.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing scenario files (docs/scenario-format.md). */
public final class Scenario {
    public static final String FORMAT = "vexmem-scenario/1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Scenario() {
    }

    /** A scenario that cannot be read or does not follow the format: file, JSON path, what is wrong. */
    public static class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message);
        }
    }

    public static JsonNode read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new Malformed(file + ": not JSON: " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new Malformed(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Malformed(file + ": $: expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new Malformed(file + ": $.format: expected \"" + FORMAT + "\"");
        }
        if (!root.path("steps").isArray()) {
            throw new Malformed(file + ": $.steps: expected an array of steps");
        }
        return root;
    }

    public static void write(JsonNode scenario, Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(scenario) + "\n");
    }
}
