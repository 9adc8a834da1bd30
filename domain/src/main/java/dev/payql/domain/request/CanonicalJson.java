package dev.payql.domain.request;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes parsed JSON values in one canonical text, so that two envelopes that mean the same
 * variables give the same bytes: object keys sorted by UTF-16 code units (as RFC 8785 does), no
 * insignificant whitespace, strings with only the escapes JSON requires, numbers in their shortest
 * form ({@code 1.0}, {@code 1e0} and {@code 1} are all {@code 1}).
 *
 * <p>Written here rather than taken from a JSON library because the domain depends on nothing but
 * the JDK, and the JDK has no JSON writer.
 */
final class CanonicalJson {

  /** Beyond this exponent numbers are written in E-notation, so {@code 1e999999} stays short. */
  private static final int PLAIN_EXPONENT_LIMIT = 21;

  private CanonicalJson() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value, 0);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value, int depth) {
    if (depth > 512) {
      throw new IllegalArgumentException("variables nest deeper than 512 levels");
    }
    switch (value) {
      case null -> out.append("null");
      case String s -> appendString(out, s);
      case Boolean b -> out.append(b);
      case Number n -> out.append(number(n));
      case Map<?, ?> map -> appendObject(out, map, depth);
      case List<?> list -> appendArray(out, list, depth);
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map, int depth) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String s)) {
        throw new IllegalArgumentException("JSON object keys are strings");
      }
      keys.add(s);
    }
    keys.sort(null); // String.compareTo orders by UTF-16 code units
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(out, keys.get(i));
      out.append(':');
      append(out, map.get(keys.get(i)), depth + 1);
    }
    out.append('}');
  }

  private static void appendArray(StringBuilder out, List<?> list, int depth) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, list.get(i), depth + 1);
    }
    out.append(']');
  }

  private static void appendString(StringBuilder out, String s) {
    requireWellFormed(s);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Refuses unpaired UTF-16 surrogates: UTF-8 cannot encode them (Java writes '?' instead), so two
   * different strings would hash alike. RFC 8785 refuses them for the same reason.
   */
  static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("text holds an unpaired UTF-16 surrogate at index " + i);
      }
    }
  }

  static String number(Number n) {
    try {
      return shortest(n);
    } catch (ArithmeticException e) {
      // exponents beyond what BigDecimal can rescale (1e2147483647): not a number anyone means
      throw new IllegalArgumentException("a number in the variables is out of range");
    }
  }

  private static String shortest(Number n) {
    BigDecimal decimal = switch (n) {
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Long l -> BigDecimal.valueOf(l);
      case Integer i -> BigDecimal.valueOf(i);
      case Short s -> BigDecimal.valueOf(s);
      case Byte b -> BigDecimal.valueOf(b);
      case Double d -> finite(d);
      case Float f -> finite(Double.parseDouble(Float.toString(f)));
      default -> new BigDecimal(n.toString());
    };
    if (decimal.signum() == 0) {
      return "0";
    }
    BigDecimal shortest = decimal.stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (Math.abs(exponent) <= PLAIN_EXPONENT_LIMIT) {
      return shortest.toPlainString();
    }
    BigDecimal mantissa = shortest.movePointLeft(exponent);
    return mantissa.toPlainString() + "e" + exponent;
  }

  private static BigDecimal finite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no NaN or infinity");
    }
    // Double.toString is the shortest text that reads back as the same double (JDK 19+)
    return new BigDecimal(Double.toString(d));
  }
}
