package io.leanops.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnNamesTest {

  @Test
  void dottedPathJoinsWithUnderscores() {
    assertEquals("device_os_name", ColumnNames.ofPath("device.os.name"));
    assertEquals("user_id", ColumnNames.ofPath("user_id"));
  }

  @Test
  void unicodeLettersAreKeptAndLowerCasedButSymbolsAreNot() {
    assertEquals("größe", ColumnNames.segment("Größe"));
    assertEquals("prix__", ColumnNames.segment("Prix €"));
    assertEquals("日付", ColumnNames.segment("日付"));
  }

  @ParameterizedTest(name = "\"{0}\" → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "device type  | device_type",
        "device.type  | device_type",
        "it's         | it_s",
        "say \"hi\"   | say__hi_",
        "a/b          | a_b",
        "Mixed-Case   | mixed_case",
      })
  void spacesDotsQuotesAndSymbolsBecomeUnderscores(String key, String column) {
    assertEquals(column, ColumnNames.segment(key));
  }

  @Test
  void emptyKeyBecomesUnderscore() {
    assertEquals("_", ColumnNames.segment(""));
    // "a", "", "" joined with "_", each empty key being "_"
    assertEquals("a____", ColumnNames.ofPath("a.."));
  }

  @Test
  void childJoinsUnderItsPrefix() {
    assertEquals("device", ColumnNames.child("", "Device"));
    assertEquals("device_os", ColumnNames.child("device", "OS"));
  }

  @Test
  void validNamesAreWhatSegmentLeavesAlone() {
    assertTrue(ColumnNames.isValid("device_os_name"));
    assertTrue(ColumnNames.isValid("größe"));
    assertFalse(ColumnNames.isValid("Device"));
    assertFalse(ColumnNames.isValid("device type"));
    assertFalse(ColumnNames.isValid(""));
    assertFalse(ColumnNames.isValid(null));
  }
}
