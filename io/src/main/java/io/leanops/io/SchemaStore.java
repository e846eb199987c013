package io.leanops.io;

import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.TopicSchemaParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The schema store (SPEC.md §5): {@code <root>/<topic>/active/schema.json} is a topic's active
 * schema. Read through Beam's {@link FileSystems}, so a local folder and {@code s3://} go through
 * the same code.
 */
public final class SchemaStore {
  private final String root;

  private SchemaStore(String root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public static SchemaStore at(String root) {
    return new SchemaStore(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
  }

  /** The location of {@code topic}'s active schema. */
  public String activePath(String topic) {
    return root + "/" + LakehouseTables.checkTopic(topic) + "/active/schema.json";
  }

  /**
   * The active schema of {@code topic}, or null when the topic has none yet.
   *
   * @throws io.leanops.schemas.InvalidSchemaException when the active file is not a valid schema
   */
  public TopicSchema active(String topic) {
    String path = activePath(topic);
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return null;
      }
      ResourceId id = match.metadata().get(0).resourceId();
      try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
        return TopicSchemaParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
      }
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + path, e);
    }
  }
}
