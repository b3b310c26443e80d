package vexmem.devicetree.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.Set;
import vexmem.devicetree.DtParseException;

/** The JSON Schema of the board format (resource vexmem/board.schema.json), loaded once. */
final class BoardSchema {
    private static final String RESOURCE = "/vexmem/board.schema.json";
    private static volatile JsonSchema schema;

    private BoardSchema() { }

    private static JsonSchema schema() {
        if (schema == null) {
            try (InputStream in = BoardSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot load " + RESOURCE, e);
            }
        }
        return schema;
    }

    /** Throws with the most specific (deepest) violation, so the user sees the JSON path to fix. */
    static void validate(JsonNode doc, String source) throws DtParseException {
        Set<ValidationMessage> errors = schema().validate(doc);
        if (errors.isEmpty()) {
            return;
        }
        ValidationMessage worst = errors.stream()
                .max(Comparator.comparingInt((ValidationMessage m) -> depth(m.getInstanceLocation().toString()))
                        .thenComparing(m -> m.getMessage(), Comparator.reverseOrder()))
                .orElseThrow();
        String where = worst.getInstanceLocation().toString();
        String text = worst.getMessage();
        if (text.startsWith(where + ": ")) {
            text = text.substring(where.length() + 2);
        }
        String more = errors.size() > 1 ? " (" + (errors.size() - 1) + " more schema errors)" : "";
        throw new DtParseException(source + ": " + where + ": " + text.replace('\n', ' ') + more);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '.' || c == '[').count();
    }
}
