package io.leanops.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A local Spark SQL session with Iceberg's Spark catalog {@code lk} (Hadoop catalog) over a
 * warehouse. Loaded only inside {@link IsolatedSpark}'s class loader, so its API speaks JDK types
 * only: rows come back as column name → rendered value ({@link Values#render}).
 */
public final class SparkSql implements AutoCloseable {
  public static final String CATALOG = "lk";

  private final SparkSession spark;

  public SparkSql(String warehouse) {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("leanops-interop-it")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog." + CATALOG + ".type", "hadoop")
        .config("spark.sql.catalog." + CATALOG + ".warehouse", warehouse)
        .getOrCreate();
  }

  /** The result columns of {@code sql}, in order. */
  public List<String> columns(String sql) {
    return List.of(spark.sql(sql).columns());
  }

  /** Every row of {@code sql}, in result order, as column name → rendered value. */
  public List<Map<String, String>> query(String sql) {
    Dataset<Row> df = spark.sql(sql);
    String[] names = df.columns();
    List<Map<String, String>> rows = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        Object v = r.isNullAt(i) ? null
            : r.get(i) instanceof scala.collection.Seq ? r.getList(i) : r.get(i);
        row.put(names[i], Values.render(v));
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public void close() {
    spark.stop();
  }
}
