package io.leanops.io;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Where the lakehouse lives: an Iceberg catalog type ({@code hadoop}, the embedded default over a
 * local warehouse folder; {@code jdbc}, {@code glue} or {@code rest}), the warehouse location and
 * any extra catalog properties ({@code --catalogProperties=k=v,...}), handed to Iceberg's own
 * catalog implementations unchanged.
 *
 * <p>A small serializable value: workers rebuild the catalog lazily with {@link #load()}.
 */
public final class CatalogConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Catalog name used for every catalog built from a config. */
  public static final String CATALOG_NAME = "leanops";

  private static final Set<String> TYPES = Set.of("hadoop", "jdbc", "glue", "rest");

  private final String type;
  private final String warehouse;
  private final Map<String, String> properties;

  private CatalogConfig(String type, String warehouse, Map<String, String> properties) {
    this.type = type;
    this.warehouse = warehouse;
    this.properties = Map.copyOf(properties);
  }

  /** The embedded default: a Hadoop (file) catalog in {@code warehouse}. */
  public static CatalogConfig hadoop(String warehouse) {
    return of("hadoop", warehouse, Map.of());
  }

  /**
   * A catalog of {@code type} with {@code warehouse} and extra properties.
   *
   * @throws IllegalArgumentException naming the accepted types when {@code type} is unknown
   */
  public static CatalogConfig of(String type, String warehouse, Map<String, String> properties) {
    String t = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
    if (!TYPES.contains(t)) {
      throw new IllegalArgumentException("--catalog=" + type
          + " is not supported; use hadoop (local folder, the default), jdbc, glue or rest");
    }
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException("--warehouse is empty; set a folder or s3:// location");
    }
    return new CatalogConfig(t, warehouse, properties);
  }

  /**
   * Parses {@code k=v,k2=v2} (the {@code --catalogProperties} form); blank gives no properties.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code key=value}
   */
  public static Map<String, String> parseProperties(String text) {
    Map<String, String> props = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return props;
    }
    for (String entry : text.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--catalogProperties entry '" + entry
            + "' is not key=value; write e.g. uri=jdbc:sqlite:/tmp/catalog.db,jdbc.user=me");
      }
      props.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return props;
  }

  public String type() {
    return type;
  }

  public String warehouse() {
    return warehouse;
  }

  public Map<String, String> properties() {
    return properties;
  }

  /** Builds the catalog through Iceberg's {@link CatalogUtil}. */
  public Catalog load() {
    Map<String, String> options = new TreeMap<>(properties);
    options.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    if (!options.containsKey(CatalogProperties.CATALOG_IMPL)) {
      options.put(CatalogUtil.ICEBERG_CATALOG_TYPE, type);
    }
    if (options.getOrDefault(CatalogProperties.URI, "").startsWith("jdbc:sqlite:")) {
      // Driver and workers hold their own connections to the one SQLite file: wait for the
      // write lock instead of failing with SQLITE_BUSY.
      options.putIfAbsent("jdbc.busy_timeout", "30000");
      options.putIfAbsent("jdbc.journal_mode", "WAL");
    }
    return CatalogUtil.buildIcebergCatalog(CATALOG_NAME, options, new Configuration());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CatalogConfig)) {
      return false;
    }
    CatalogConfig that = (CatalogConfig) o;
    return type.equals(that.type) && warehouse.equals(that.warehouse)
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, warehouse, properties);
  }

  @Override
  public String toString() {
    return type + " catalog at " + warehouse;
  }
}
