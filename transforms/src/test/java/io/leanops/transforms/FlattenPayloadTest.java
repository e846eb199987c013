package io.leanops.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FlattenPayloadTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final JsonFlattener FLATTENER = new JsonFlattener(JsonFlattener.DEFAULT_MAX_DEPTH);

  private static TreeMap<String, String> flatten(String json) throws Exception {
    return FLATTENER.flatten(json);
  }

  private static JsonFlattener.FlattenException failure(JsonFlattener flattener, String json) {
    try {
      Map<String, String> out = flattener.flatten(json);
      fail("expected a failure for " + abbreviate(json) + " but got " + out);
      return null;
    } catch (JsonFlattener.FlattenException e) {
      return e;
    }
  }

  private static JsonFlattener.FlattenException failure(String json) {
    return failure(FLATTENER, json);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static String nested(String key, int levels, String leaf) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      sb.append("{\"").append(key).append("\":");
    }
    sb.append(leaf);
    for (int i = 0; i < levels; i++) {
      sb.append('}');
    }
    return sb.toString();
  }

  // ---- naming ----

  @Test
  public void joinsNestedKeysWithUnderscore() throws Exception {
    Map<String, String> cols = flatten("{\"device\":{\"type\":\"phone\",\"os\":{\"name\":\"android\"}}}");
    assertEquals(Map.of("device_type", "phone", "device_os_name", "android"), cols);
  }

  @Test
  public void lowerCasesKeyNames() throws Exception {
    Map<String, String> cols = flatten("{\"Device\":{\"OS\":{\"Name\":\"android\"}},\"UserID\":\"7\"}");
    assertEquals(Map.of("device_os_name", "android", "userid", "7"), cols);
  }

  @Test
  public void keepsUnicodeKeyNamesLowerCased() throws Exception {
    Map<String, String> cols = flatten("{\"Größe\":\"L\",\"ÄÖ\":{\"Ñandú\":\"1\"},\"日本\":\"x\"}");
    assertEquals(Map.of("größe", "L", "äö_ñandú", "1", "日本", "x"), cols);
  }

  @Test
  public void replacesSpacesDotsAndQuotesInKeysWithUnderscore() throws Exception {
    Map<String, String> cols = flatten("{\"first name\":\"a\",\"v1.2\":\"b\",\"say\\\"hi\\\"\":\"c\"}");
    assertEquals(Map.of("first_name", "a", "v1_2", "b", "say_hi_", "c"), cols);
  }

  // ---- values ----

  @Test
  public void arraysBecomeTheirJsonTextExactlyAsWritten() throws Exception {
    String array = "[1, [2,3] , {\"b\" : \"c\", \"d\":[null]},\"x\"]";
    Map<String, String> cols = flatten("{\"a\": " + array + " , \"n\":{\"e\":[]}}");
    assertEquals(array, cols.get("a"));
    assertEquals("[]", cols.get("n_e"));
    assertEquals(2, cols.size());
  }

  @Test
  public void arrayTextIsExactInLongPayloadsAfterSurrogatePairs() throws Exception {
    // Long payloads are read in chunks; the array must still be cut at the right characters.
    String before = "🚀é".repeat(30_000);
    StringBuilder array = new StringBuilder("[ ");
    for (int i = 0; i < 5_000; i++) {
      array.append(i == 0 ? "" : " ,").append("{\"v\": \"😀").append(i).append("\"}");
    }
    array.append(" ]");
    String json = "{\"pre\":\"" + before + "\",\"list\": " + array + " ,\"post\":[1]}";
    Map<String, String> cols = flatten(json);
    assertEquals(before, cols.get("pre"));
    assertEquals(array.toString(), cols.get("list"));
    assertEquals("[1]", cols.get("post"));
  }

  @Test
  public void objectsInsideArraysAreNotFlattenedIntoColumns() throws Exception {
    Map<String, String> cols = flatten("{\"items\":[{\"sku\":\"A\"}]}");
    assertEquals(Map.of("items", "[{\"sku\":\"A\"}]"), cols);
  }

  @Test
  public void numbersKeepTheirTextAsWritten() throws Exception {
    Map<String, String> cols = flatten("{\"amount\":100.00,\"sci\":1e5,\"neg\":-0.50,"
        + "\"huge\":123456789012345678901234567890,"
        + "\"tiny\":0.000000000000000000000000000001}");
    assertEquals("100.00", cols.get("amount"));
    assertEquals("1e5", cols.get("sci"));
    assertEquals("-0.50", cols.get("neg"));
    assertEquals("123456789012345678901234567890", cols.get("huge"));
    assertEquals("0.000000000000000000000000000001", cols.get("tiny"));
  }

  @Test
  public void numberWithThousandsOfDigitsIsValidJsonAndKeepsItsText() throws Exception {
    String digits = "9".repeat(5_000) + "." + "1".repeat(3_000);
    assertEquals(digits, flatten("{\"n\":" + digits + "}").get("n"));
  }

  @Test
  public void booleansBecomeTrueOrFalse() throws Exception {
    assertEquals(Map.of("on", "true", "off", "false"), flatten("{\"on\":true,\"off\":false}"));
  }

  @Test
  public void stringValuesAreUnescaped() throws Exception {
    assertEquals("say \"hi\"\né", flatten("{\"s\":\"say \\\"hi\\\"\\n\\u00e9\"}").get("s"));
  }

  @Test
  public void jsonNullBecomesAPresentNullValue() throws Exception {
    Map<String, String> cols = flatten("{\"a\":null,\"b\":{\"c\":null}}");
    assertThat(cols, hasKey("a"));
    assertThat(cols, hasKey("b_c"));
    assertNull(cols.get("a"));
    assertNull(cols.get("b_c"));
  }

  @Test
  public void emptyNestedObjectContributesNoColumn() throws Exception {
    Map<String, String> cols = flatten("{\"meta\":{},\"x\":{\"y\":{}},\"z\":\"1\"}");
    assertEquals(Map.of("z", "1"), cols);
  }

  @Test
  public void emptyTopLevelObjectHasNoColumns() throws Exception {
    assertTrue(flatten("{}").isEmpty());
  }

  // ---- size and depth ----

  @Test
  public void fiveHundredLevelsOfNestingGiveOneLongColumnName() throws Exception {
    Map<String, String> cols = flatten(nested("a", 500, "\"deep\""));
    String expectedName = String.join("_", Collections.nCopies(500, "a"));
    assertEquals(Map.of(expectedName, "deep"), cols);
  }

  @Test
  public void nestingUpToTheLimitIsAccepted() throws Exception {
    Map<String, String> cols = new JsonFlattener(10).flatten(nested("k", 10, "1"));
    assertEquals(1, cols.size());
  }

  @Test
  public void nestingBeyondTheLimitIsNotJson() {
    JsonFlattener.FlattenException e = failure(new JsonFlattener(10), nested("k", 11, "1"));
    assertEquals(ErrorType.NOT_JSON, e.errorType());
  }

  @Test
  public void nestingBeyondTheLimitSaysWhichLimit() {
    JsonFlattener.FlattenException e = failure(new JsonFlattener(10), nested("k", 11, "1"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("payload exceeds a parser limit: "));
    assertTrue(e.getMessage(), e.getMessage().contains("depth"));
  }

  @Test
  public void keyLongerThanTheNameLimitIsAClearFailure() {
    JsonFlattener.FlattenException e = failure("{\"" + "k".repeat(60_000) + "\":1}");
    assertEquals(ErrorType.NOT_JSON, e.errorType());
    assertTrue(e.getMessage(), e.getMessage().startsWith("payload exceeds a parser limit: "));
  }

  @Test
  public void leadingByteOrderMarkIsIgnored() throws Exception {
    assertEquals(Map.of("a", "1", "b", "[1, 2]"), flatten("\uFEFF{\"a\":1,\"b\":[1, 2]}"));
    assertEquals(ErrorType.NOT_JSON, failure("{\"a\":1}\uFEFF").errorType());
  }

  @Test
  public void arraysCountTowardsTheNestingLimit() {
    String deepArray = "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}";
    assertEquals(ErrorType.NOT_JSON, failure(new JsonFlattener(10), deepArray).errorType());
  }

  @Test
  public void defaultLimitRejectsPathologicalNestingInsteadOfOverflowingTheStack() {
    JsonFlattener.FlattenException e =
        failure(nested("a", JsonFlattener.DEFAULT_MAX_DEPTH + 1, "1"));
    assertEquals(ErrorType.NOT_JSON, e.errorType());
  }

  @Test
  public void flattensALineWithFiveThousandFields() throws Exception {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 5000; i++) {
      json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    Map<String, String> cols = flatten(json.append('}').toString());
    assertEquals(5000, cols.size());
    assertEquals("0", cols.get("f0"));
    assertEquals("4999", cols.get("f4999"));
  }

  // ---- failures ----

  @Test
  public void textThatIsNotJsonIsNotJson() {
    assertEquals(ErrorType.NOT_JSON, failure("hello world").errorType());
    assertEquals(ErrorType.NOT_JSON, failure("{\"a\":").errorType());
    assertEquals(ErrorType.NOT_JSON, failure("{'a':1}").errorType());
  }

  @Test
  public void emptyOrBlankTextIsNotJson() {
    assertEquals(ErrorType.NOT_JSON, failure("").errorType());
    assertEquals(ErrorType.NOT_JSON, failure("   \n").errorType());
  }

  @Test
  public void trailingTextAfterTheObjectIsNotJson() {
    assertEquals(ErrorType.NOT_JSON, failure("{\"a\":1} x").errorType());
    assertEquals(ErrorType.NOT_JSON, failure("{\"a\":1}{\"b\":2}").errorType());
  }

  @Test
  public void jsonThatIsNotAnObjectIsNotObject() {
    assertEquals(ErrorType.NOT_OBJECT, failure("[1,2]").errorType());
    assertEquals(ErrorType.NOT_OBJECT, failure("\"x\"").errorType());
    assertEquals(ErrorType.NOT_OBJECT, failure("42").errorType());
    assertEquals(ErrorType.NOT_OBJECT, failure("null").errorType());
  }

  @Test
  public void nestedAndFlatKeysFlatteningToOneColumnCollideNamingBothPaths() {
    JsonFlattener.FlattenException e = failure("{\"a_b\":1,\"a\":{\"b\":2}}");
    assertEquals(ErrorType.COLUMN_COLLISION, e.errorType());
    assertThat(e.getMessage(), containsString("'a_b'"));
    assertThat(e.getMessage(), containsString("'a.b'"));
    assertThat(e.getMessage(), containsString("a_b"));
  }

  @Test
  public void keysDifferingOnlyInCaseCollide() {
    JsonFlattener.FlattenException e = failure("{\"Name\":\"x\",\"name\":\"y\"}");
    assertEquals(ErrorType.COLUMN_COLLISION, e.errorType());
    assertThat(e.getMessage(), containsString("'Name'"));
    assertThat(e.getMessage(), containsString("'name'"));
  }

  @Test
  public void keyRepeatedInOneObjectCollides() {
    JsonFlattener.FlattenException e = failure("{\"d\":{\"x\":1,\"x\":2}}");
    assertEquals(ErrorType.COLUMN_COLLISION, e.errorType());
    String msg = e.getMessage();
    int first = msg.indexOf("'d.x'");
    assertTrue(msg, first >= 0 && msg.indexOf("'d.x'", first + 1) > first);
  }

  @Test
  public void collisionWithAnArrayValuedPathNamesBothPaths() {
    JsonFlattener.FlattenException e = failure("{\"a\":{\"b\":[1,2]},\"a_b\":\"x\"}");
    assertEquals(ErrorType.COLUMN_COLLISION, e.errorType());
    assertThat(e.getMessage(), containsString("'a.b'"));
    assertThat(e.getMessage(), containsString("'a_b'"));
  }

  @Test
  public void emptyObjectDoesNotCollideWithAFlatKey() throws Exception {
    assertEquals(Map.of("a_b", "1"), flatten("{\"a_b\":1,\"a\":{\"b\":{}}}"));
  }

  // ---- the transform ----

  @Test
  public void messageIdColumnIsAlwaysTheRawMessageId() {
    PCollection<RawEvent> raw = p.apply(Create.of(
        Events.raw("m-raw-1", "{\"message_id\":\"something-else\",\"x\":\"1\"}"),
        Events.raw("m-raw-2", "{\"x\":\"2\"}")));
    PCollection<FlatEvent> out = raw.apply(FlattenPayload.create()).output();
    PAssert.that(out).satisfies(events -> {
      int n = 0;
      for (FlatEvent e : events) {
        assertEquals(e.messageId(), e.get("message_id"));
        assertTrue(e.messageId().startsWith("m-raw-"));
        n++;
      }
      assertEquals(2, n);
      return null;
    });
    p.run();
  }

  @Test
  public void flattenedEventKeepsTheRawIdentity() {
    RawEvent raw = RawEvent.of("m1", "orders", "{\"Device\":{\"OS\":\"ios\"}}", 42L,
        "raw/data/f9.parquet", 17);
    PCollection<FlatEvent> out = p.apply(Create.of(raw)).apply(FlattenPayload.create()).output();
    Map<String, String> expected = new TreeMap<>(Map.of("device_os", "ios"));
    PAssert.that(out).containsInAnyOrder(
        FlatEvent.of("m1", "orders", 42L, "raw/data/f9.parquet", 17, expected));
    p.run();
  }

  @Test
  public void failureCarriesOriginalTextMessageIdAndTopic() {
    String text = "  not json at all {";
    RawEvent raw = RawEvent.of("m-bad", "orders", text, 1L, "raw/f.parquet", 3);
    FailSafeResult<FlatEvent> result = p.apply(Create.of(raw)).apply(FlattenPayload.create());
    PAssert.that(result.output()).empty();
    PAssert.that(result.failures()).satisfies(failures -> {
      List<RejectedEvent> all = new ArrayList<>();
      failures.forEach(all::add);
      assertEquals(1, all.size());
      RejectedEvent r = all.get(0);
      assertEquals("m-bad", r.messageId());
      assertEquals("orders", r.topicName());
      assertEquals(text, r.payload());
      assertEquals(ErrorType.NOT_JSON, r.errorType());
      assertNull(r.idempotencyKey());
      assertNull(r.periodReference());
      assertTrue(!r.detail().isEmpty());
      return null;
    });
    p.run();
  }

  @Test
  public void withMaxDepthSendsTooDeepPayloadsToFailuresAsNotJson() {
    FailSafeResult<FlatEvent> result = p
        .apply(Create.of(Events.raw("deep", nested("a", 6, "1")),
            Events.raw("shallow", nested("a", 5, "1"))))
        .apply(FlattenPayload.create().withMaxDepth(5));
    PAssert.that(result.output().apply("ids", MapElements.into(TypeDescriptors.strings())
        .via(FlatEvent::messageId))).containsInAnyOrder("shallow");
    PAssert.that(result.failures().apply("failures", MapElements.into(TypeDescriptors.strings())
        .via(r -> r.messageId() + ":" + r.errorType()))).containsInAnyOrder("deep:NOT_JSON");
    p.run();
  }

  @Test(expected = IllegalArgumentException.class)
  public void maxDepthBelowOneIsRefused() {
    FlattenPayload.create().withMaxDepth(0);
  }

  @Test
  public void nothingIsDroppedOutputsPlusFailuresEqualInputs() {
    List<RawEvent> inputs = List.of(
        Events.raw("ok-1", "{\"a\":1}"),
        Events.raw("ok-2", "{}"),
        Events.raw("not-json", "nope"),
        Events.raw("empty", ""),
        Events.raw("array", "[1,2]"),
        Events.raw("string", "\"x\""),
        Events.raw("collision", "{\"a_b\":1,\"a\":{\"b\":2}}"),
        Events.raw("duplicate", "{\"k\":1,\"k\":1}"),
        Events.raw("trailing", "{\"a\":1} }"));
    FailSafeResult<FlatEvent> result = p.apply(Create.of(inputs)).apply(FlattenPayload.create());
    PCollection<String> passed = result.output()
        .apply("ids of output", MapElements.into(TypeDescriptors.strings())
            .via(e -> e.messageId() + ":OK"));
    PCollection<String> failed = result.failures()
        .apply("ids of failures", MapElements.into(TypeDescriptors.strings())
            .via(r -> r.messageId() + ":" + r.errorType()));
    PAssert.that(PCollectionList.of(passed).and(failed).apply(Flatten.pCollections()))
        .containsInAnyOrder("ok-1:OK", "ok-2:OK", "not-json:NOT_JSON", "empty:NOT_JSON",
            "array:NOT_OBJECT", "string:NOT_OBJECT", "collision:COLUMN_COLLISION",
            "duplicate:COLUMN_COLLISION", "trailing:NOT_JSON");
    p.run();
  }

  @Test
  public void outputColumnsDoNotIncludeEmptyObjects() throws Exception {
    assertThat(flatten("{\"a\":{},\"b\":1}"), not(hasKey("a")));
    assertThat(flatten("{\"a\":{},\"b\":1}"), hasEntry("b", "1"));
  }
}
