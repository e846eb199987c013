package io.leanops.pipelines;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * How ingest reads JSON-lines bytes (SPEC.md §2): lines end at {@code \n}; a zero-length line is
 * not a message (the trailing newline of a file, an empty line); every other line is kept byte for
 * byte, also when it is not JSON or not UTF-8. The envelope fields are read from the top level of
 * the object when it is one; a missing {@code message_id} is derived from the SHA-256 of the line's
 * bytes so that identical retries still deduplicate.
 */
final class RawLines {
  /**
   * Reads only the envelope, skipping every other value unread; the name limit is lifted so that
   * an over-long key elsewhere in the object (standardize rejects it) does not hide the envelope.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNameLength(Integer.MAX_VALUE)
              .maxStringLength(Integer.MAX_VALUE)
              .build())
          .build();

  private RawLines() {}

  /** One line: its 1-based number, its bytes, and its text when the bytes are valid UTF-8. */
  static final class Line {
    final long number;
    final byte[] bytes;
    final String text;
    final boolean validUtf8;

    Line(long number, byte[] bytes) {
      this.number = number;
      this.bytes = bytes;
      String decoded;
      boolean valid = true;
      try {
        decoded = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        decoded = new String(bytes, StandardCharsets.UTF_8);
        valid = false;
      }
      this.text = decoded;
      this.validUtf8 = valid;
    }
  }

  /** Calls {@code sink} for each non-empty line of {@code in}; returns the number of empty lines. */
  static long forEachLine(InputStream in, Consumer<Line> sink) throws IOException {
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    long number = 0;
    long empty = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          current.write(buffer, start, i - start);
          number++;
          if (current.size() == 0) {
            empty++;
          } else {
            sink.accept(new Line(number, current.toByteArray()));
          }
          current.reset();
          start = i + 1;
        }
      }
      current.write(buffer, start, n - start);
    }
    if (current.size() > 0) {
      sink.accept(new Line(number + 1, current.toByteArray()));
    }
    return empty;
  }

  /** The top-level envelope fields of a JSON object line; all null when the line is not one. */
  static final class Envelope {
    String messageId;
    String topicName;
    String idempotencyKey;
    String publishTime;
  }

  static Envelope envelope(String text) {
    Envelope env = new Envelope();
    // A leading byte order mark is not part of the JSON (RAW keeps it; see JsonFlattener).
    String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return env;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          switch (name) {
            case "message_id": env.messageId = p.getText(); break;
            case "topic_name": env.topicName = p.getText(); break;
            case "idempotency_key": env.idempotencyKey = p.getText(); break;
            case "publish_time": env.publishTime = p.getText(); break;
            default: break;
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // Not JSON (or cut short): whatever was read stays, the rest is null; RAW keeps the line.
    }
    return env;
  }

  /** The message id derived from a line's bytes. */
  static String derivedMessageId(byte[] bytes) {
    try {
      return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
