package io.leanops.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.schemas.Classification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaStoreTest {
  private static final Clock T1 = Clock.fixed(Instant.parse("2026-01-31T10:15:30Z"), ZoneOffset.UTC);
  private static final Clock T2 = Clock.fixed(Instant.parse("2026-02-01T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  static String schema(String version, String payload) {
    return "{\"topic_name\":\"events\",\"schema_version\":\"" + version + "\","
        + "\"payload_columns\":{" + payload + "}}";
  }

  @Test
  void emptyStoreHasNothing() {
    SchemaStore store = SchemaStore.at(dir.toString());
    assertNull(store.active("events"));
    assertNull(store.pending("events"));
    assertNull(store.catchUp("events"));
    assertEquals(List.of(), store.archived("events"));
    assertThrows(IllegalArgumentException.class, () -> store.promote("events", T1));
  }

  @Test
  void topicNamesAreCheckedBeforeAnyPath() {
    SchemaStore store = SchemaStore.at(dir.toString());
    assertThrows(IllegalArgumentException.class, () -> store.activePath("../etc"));
    assertThrows(IllegalArgumentException.class, () -> store.writePending("a/b", "{}"));
  }

  @Test
  void promotesArchivesAndMergesCatchUps() throws Exception {
    SchemaStore store = SchemaStore.at(dir.toString() + "/");
    store.writePending("events", schema("1.0.0", "\"user_id\":{\"type\":\"BIGINT\",\"required\":true}"));
    PromotionResult first = store.promote("events", T1);
    assertTrue(first.promoted());
    assertEquals(Classification.Kind.NEW_TABLE, first.classification().kind());
    assertFalse(first.needsCatchUp());
    assertNull(store.pending("events"));

    store.writePending("events", schema("2.0.0",
        "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"device_os\":\"STRING\""));
    PromotionResult second = store.promote("events", T1);
    assertEquals(Classification.Kind.SCHEMA_EVOLVE, second.classification().kind());
    assertEquals(List.of(dir.resolve("events/archive/1.0.0_20260131_101530.json").toString()),
        store.archived("events"));
    assertFalse(store.catchUp("events").full());

    store.writePending("events", schema("3.0.0",
        "\"user_id\":{\"type\":\"STRING\",\"required\":true},\"device_os\":\"STRING\""));
    PromotionResult third = store.promote("events", T1);
    assertTrue(third.fullCatchUp());
    // same second, same-named archive: a suffix, nothing overwritten
    assertEquals(2, store.archived("events").size());
    assertTrue(store.archived("events").get(1).endsWith("2.0.0_20260131_101530.json"));
    CatchUpMarker merged = store.catchUp("events");
    assertTrue(merged.full());
    assertEquals("1.0.0", merged.fromVersion());
    assertEquals("3.0.0", merged.toVersion());
    assertEquals(merged, CatchUpMarker.fromJson(merged.toJson(), "x"));
    assertEquals("3.0.0", store.active("events").schemaVersion());

    store.clearCatchUp("events");
    assertNull(store.catchUp("events"));
    // no temporary files left behind
    try (var files = Files.walk(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
    }
  }

  @Test
  void aFailedPromotionLeavesTheActiveSchemaAlone() throws Exception {
    SchemaStore store = SchemaStore.at(dir.toString());
    String v1 = schema("1.0.0", "\"user_id\":\"BIGINT\",\"amount\":\"DOUBLE\"");
    store.writePending("events", v1);
    store.promote("events", T1);
    store.writePending("events", schema("2.0.0", "\"user_id\":\"INT\""));
    PromotionResult r = store.promote("events", T2);
    assertFalse(r.promoted());
    assertEquals(2, r.errors().size());
    assertEquals(v1, Files.readString(dir.resolve("events/active/schema.json")));
    assertTrue(Files.exists(dir.resolve("events/failed/schema.json")));
    assertFalse(Files.exists(dir.resolve("events/pending/schema.json")));
    assertTrue(store.failedError("events").contains("\"COLUMN_REMOVED\""));

    // a later successful promotion clears the stale failure
    store.writePending("events", schema("2.0.1", "\"user_id\":\"BIGINT\",\"amount\":\"DOUBLE\""));
    assertTrue(store.promote("events", T2).promoted());
    assertNull(store.failedError("events"));
    assertFalse(Files.exists(dir.resolve("events/failed/schema.json")));
  }

  @Test
  void aTopicNameOtherThanTheFoldersFails() {
    SchemaStore store = SchemaStore.at(dir.toString());
    store.writePending("clicks", schema("1.0.0", "\"user_id\":\"BIGINT\""));
    PromotionResult r = store.promote("clicks", T1);
    assertFalse(r.promoted());
    assertEquals("TOPIC_CHANGED", r.errors().get(0).type());
    assertNull(store.active("clicks"));
  }

  @Test
  void s3IsARegisteredFileSystem() {
    // Beam's amazon-web-services2 module registers s3://; no request is made here.
    assertEquals("s3://bucket/schemas/events/active/schema.json",
        SchemaStore.at("s3://bucket/schemas/").activePath("events"));
    assertEquals("s3", FileSystems.matchNewResource("s3://bucket/schemas/events/active/schema.json",
        false).getScheme());
    assertThrows(IllegalArgumentException.class, () -> SchemaStore.at("nosuch://bucket/x"));
  }
}
