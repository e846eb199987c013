package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Field encoders shared by the element coders of this package (nested, length-prefixed). */
final class Codec {
  private static final Coder<String> STRING = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Long> LONG = NullableCoder.of(VarLongCoder.of());
  private static final Coder<Integer> INT = VarIntCoder.of();

  private Codec() {}

  static void writeString(String value, OutputStream out) throws IOException {
    STRING.encode(value, out);
  }

  static String readString(InputStream in) throws IOException {
    return STRING.decode(in);
  }

  static void writeLong(Long value, OutputStream out) throws IOException {
    LONG.encode(value, out);
  }

  static Long readLong(InputStream in) throws IOException {
    return LONG.decode(in);
  }

  static void writeInt(int value, OutputStream out) throws IOException {
    INT.encode(value, out);
  }

  static int readInt(InputStream in) throws IOException {
    return INT.decode(in);
  }

  static void writeStrings(List<String> values, OutputStream out) throws IOException {
    writeInt(values.size(), out);
    for (String v : values) {
      writeString(v, out);
    }
  }

  static List<String> readStrings(InputStream in) throws IOException {
    int n = readInt(in);
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(readString(in));
    }
    return values;
  }
}
