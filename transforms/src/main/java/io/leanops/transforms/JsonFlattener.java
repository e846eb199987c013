package io.leanops.transforms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.leanops.schemas.ColumnNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flattening rule of SPEC.md §3.3 as a plain function, streaming over the text once: nested
 * object keys join with {@code _} ({@link ColumnNames}), arrays become their JSON text exactly as
 * written, scalars their text exactly as written (so {@code 100.00} stays {@code "100.00"}), JSON
 * null becomes null. An empty nested object contributes no column.
 *
 * <p>Fails with a {@link FlattenException} naming the {@link ErrorType} and the reason when the
 * text is not JSON (or nests deeper than the limit, or has trailing text), is JSON but not an
 * object, or when two paths flatten to the same column (which also catches a key repeated in one
 * object). Thread-safe.
 */
public final class JsonFlattener {
  /** Default nesting limit; deeper payloads are rejected instead of exhausting the stack. */
  public static final int DEFAULT_MAX_DEPTH = 2000;

  /** Longest string value accepted (characters). */
  public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

  private final JsonFactory factory;
  private final int maxDepth;

  public JsonFlattener(int maxDepth) {
    this.maxDepth = maxDepth;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength(MAX_STRING_LENGTH)
                    // Numbers are kept as their text and never converted, so Jackson's guard
                    // against costly number parsing (1000 digits) would only reject valid JSON.
                    .maxNumberLength(MAX_STRING_LENGTH)
                    .build())
            .build();
  }

  /** Thrown when a payload cannot be flattened; carries the reason. */
  public static final class FlattenException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorType errorType;

    FlattenException(ErrorType errorType, String detail) {
      super(detail);
      this.errorType = errorType;
    }

    public ErrorType errorType() {
      return errorType;
    }
  }

  /** Flattens one JSON object into column name → string value (sorted by name). */
  public TreeMap<String, String> flatten(String payload) throws FlattenException {
    // A byte order mark (U+FEFF) before the object — e.g. the first line of a file saved by an
    // editor that writes one — is not part of the JSON; Jackson only skips it in byte input.
    String json = stripByteOrderMark(payload);
    TreeMap<String, String> out = new TreeMap<>();
    try (JsonParser p = factory.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new FlattenException(ErrorType.NOT_JSON, "empty payload: expected a JSON object");
      }
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        requireEnd(p);
        throw new FlattenException(ErrorType.NOT_OBJECT,
            "payload is a JSON " + describe(first) + ", expected a JSON object");
      }
      object(p, json, "", out);
      requireEnd(p);
    } catch (StreamConstraintsException e) {
      // Valid JSON (as far as read) beyond a parser limit: nesting depth, name or value length.
      throw new FlattenException(ErrorType.NOT_JSON,
          "payload exceeds a parser limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      // Constraint violations (e.g. nesting deeper than the limit) carry no location.
      JsonLocation at = e.getLocation();
      throw new FlattenException(ErrorType.NOT_JSON, "not valid JSON: " + e.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new FlattenException(ErrorType.NOT_JSON, "not readable as JSON: " + e.getMessage());
    }
    return out;
  }

  /** {@code text} without a leading byte order mark (U+FEFF), if it has one. */
  public static String stripByteOrderMark(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private void requireEnd(JsonParser p) throws IOException, FlattenException {
    if (p.nextToken() != null) {
      throw new FlattenException(ErrorType.NOT_JSON,
          "unexpected text after the JSON value at column " + p.currentTokenLocation().getColumnNr());
    }
  }

  private void object(JsonParser p, String json, String prefix, Map<String, String> out)
      throws IOException, FlattenException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String column = ColumnNames.child(prefix, p.currentName());
      JsonToken t = p.nextToken();
      switch (t) {
        case START_OBJECT:
          object(p, json, column, out);
          break;
        case START_ARRAY:
          int start = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          int end = (int) p.currentLocation().getCharOffset();
          put(out, column, json.substring(start, end), json);
          break;
        case VALUE_NULL:
          put(out, column, null, json);
          break;
        default:
          put(out, column, p.getText(), json);
      }
    }
  }

  private void put(Map<String, String> out, String column, String value, String json)
      throws FlattenException {
    if (out.containsKey(column)) {
      List<String> paths = pathsOf(json, column);
      throw new FlattenException(ErrorType.COLUMN_COLLISION,
          "fields " + paths + " all flatten to column '" + column
              + "'; rename one at the producer (keys are lower-cased and joined with '_')");
    }
    out.put(column, value);
  }

  /** Every JSON path (dotted) that flattens to {@code column}; only used to explain a collision. */
  private List<String> pathsOf(String json, String column) {
    List<String> paths = new ArrayList<>();
    try (JsonParser p = factory.createParser(json)) {
      p.nextToken();
      collectPaths(p, "", "", column, paths);
    } catch (IOException e) {
      paths.add("?");
    }
    return paths;
  }

  private void collectPaths(JsonParser p, String prefix, String dotted, String column,
      List<String> paths) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String name = ColumnNames.child(prefix, key);
      String path = dotted.isEmpty() ? key : dotted + "." + key;
      if (p.nextToken() == JsonToken.START_OBJECT) {
        collectPaths(p, name, path, column, paths);
      } else {
        p.skipChildren();
        if (name.equals(column)) {
          paths.add("'" + path + "'");
        }
      }
    }
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY: return "array";
      case VALUE_STRING: return "string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: return "number";
      case VALUE_TRUE:
      case VALUE_FALSE: return "boolean";
      case VALUE_NULL: return "null";
      default: return t.name();
    }
  }

  /** The configured nesting limit. */
  public int maxDepth() {
    return maxDepth;
  }
}
