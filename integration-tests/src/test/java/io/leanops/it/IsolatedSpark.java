package io.leanops.it;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Spark SQL in its own class loader, next to the Beam pipelines in one test JVM.
 *
 * <p>Why: {@code iceberg-spark-runtime} bundles its own copy of Iceberg with Parquet relocated
 * ({@code org.apache.iceberg.shaded.org.apache.parquet}), while the pipelines use the plain
 * {@code iceberg-core}/{@code iceberg-parquet} jars and unrelocated Parquet (their code passes
 * {@code org.apache.parquet} types to Iceberg). Both sets of {@code org.apache.iceberg} classes
 * cannot share one class loader: whichever jar comes first, the other side fails with a
 * ClassCastException on {@code MessageType}. So the test's own loader (Beam writer, Iceberg Java
 * reader) sees the plain jars as in production, and Spark gets a loader built from the same test
 * class path minus the plain Iceberg jars and the lean-ops modules, with only the JDK as parent.
 * That is also closer to the claim under test: Spark reads the tables with nothing of lean-ops.
 */
final class IsolatedSpark implements AutoCloseable {
  /** Plain Iceberg jars (not the Spark runtime) and lean-ops' own modules stay out. */
  private static final Pattern EXCLUDED = Pattern.compile(
      ".*(/org/apache/iceberg/iceberg-(?!spark-runtime)[^/]+/.*|/io/leanops/.*|/target/classes/?)");

  private final URLClassLoader loader;
  private final Object session;
  private final Method columns;
  private final Method query;

  IsolatedSpark(String warehouse) {
    loader = new URLClassLoader("isolated-spark", sparkClassPath(),
        ClassLoader.getPlatformClassLoader());
    try {
      Class<?> sql = Class.forName(SparkSql.class.getName(), true, loader);
      session = inLoader(() -> sql.getConstructor(String.class).newInstance(warehouse));
      columns = sql.getMethod("columns", String.class);
      query = sql.getMethod("query", String.class);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start Spark in its own class loader", e);
    }
  }

  /** The result columns of a Spark SQL query. */
  @SuppressWarnings("unchecked")
  List<String> columns(String sql) {
    return (List<String>) inLoader(() -> columns.invoke(session, sql));
  }

  /** Every row of a Spark SQL query, as column name → rendered value, in result order. */
  @SuppressWarnings("unchecked")
  List<Map<String, String>> query(String sql) {
    return (List<Map<String, String>>) inLoader(() -> query.invoke(session, sql));
  }

  @Override
  public void close() throws Exception {
    try {
      inLoader(() -> {
        ((AutoCloseable) session).close();
        return null;
      });
    } finally {
      loader.close();
    }
  }

  /** Runs {@code call} with the Spark loader as context class loader (Spark and Hadoop use it). */
  private <T> T inLoader(Callable<T> call) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause
          : new IllegalStateException(cause);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static URL[] sparkClassPath() {
    List<URL> urls = new ArrayList<>();
    boolean runtime = false;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      if (entry.isEmpty() || EXCLUDED.matcher(path).matches()) {
        continue;
      }
      runtime |= path.contains("iceberg-spark-runtime");
      try {
        urls.add(new File(entry).toURI().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!runtime) {
      throw new IllegalStateException("iceberg-spark-runtime is not on the test class path: "
          + System.getProperty("java.class.path"));
    }
    return urls.toArray(new URL[0]);
  }
}
