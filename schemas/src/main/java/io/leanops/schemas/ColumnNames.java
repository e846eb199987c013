package io.leanops.schemas;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule that turns JSON keys into table column names (SPEC.md §3.3), shared by {@code
 * FlattenPayload} and by schema {@code source} paths so both always agree.
 *
 * <p>A key becomes a column name by lower-casing it ({@link Locale#ROOT}) and replacing every
 * character that is not a letter, a digit or {@code _} with {@code _}; an empty key becomes {@code
 * _}. Nested keys join with {@code _}: {@code device.os.name} → {@code device_os_name}. Replacing
 * spaces, dots, quotes and slashes keeps names from data safe as identifiers in every engine and as
 * path segments; two keys that map to the same name are a collision that the flattener reports.
 */
public final class ColumnNames {
  private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}_]+");

  private ColumnNames() {}

  /** The column name segment for one JSON key. */
  public static String segment(String key) {
    if (key.isEmpty()) {
      return "_";
    }
    String lower = key.toLowerCase(Locale.ROOT);
    StringBuilder out = null;
    for (int i = 0; i < lower.length(); ) {
      int cp = lower.codePointAt(i);
      boolean keep = cp == '_' || Character.isLetterOrDigit(cp);
      if (!keep && out == null) {
        out = new StringBuilder(lower.length()).append(lower, 0, i);
      }
      if (out != null) {
        if (keep) {
          out.appendCodePoint(cp);
        } else {
          out.append('_');
        }
      }
      i += Character.charCount(cp);
    }
    return out == null ? lower : out.toString();
  }

  /** The column name of a child key under an already flattened {@code prefix} (empty at the top). */
  public static String child(String prefix, String key) {
    String seg = segment(key);
    return prefix.isEmpty() ? seg : prefix + "_" + seg;
  }

  /** The column name of a dotted JSON path such as {@code device.os.name}. */
  public static String ofPath(String dottedPath) {
    String name = "";
    for (String key : dottedPath.split("\\.", -1)) {
      name = child(name, key);
    }
    return name;
  }

  /** True when {@code name} is already in column-name form (what {@link #segment} leaves alone). */
  public static boolean isValid(String name) {
    return name != null
        && VALID.matcher(name).matches()
        && name.equals(name.toLowerCase(Locale.ROOT));
  }
}
