package dev.payql.adapter.http.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The auth-param grammar of RFC 9110 section 11.2 for the challenges PayQL writes and the
 * credentials it reads: {@code scheme SP name="value", name="value"}, names case-insensitive,
 * values a token or a quoted-string (with {@code \} escapes). PayQL writes every value quoted and in
 * the order given, since clients in the field match challenges with regular expressions that
 * expect one order (lnget's and Aperture's: {@code macaroon="…", invoice="…"}).
 */
final class AuthParams {

  private AuthParams() {}

  /** One challenge; {@code params} in the order they are to appear, values quoted. */
  static String challenge(String scheme, Map<String, String> params) {
    StringBuilder out = new StringBuilder(scheme);
    String separator = " ";
    for (Map.Entry<String, String> param : params.entrySet()) {
      out.append(separator).append(param.getKey()).append("=\"").append(quoted(param.getValue())).append('"');
      separator = ", ";
    }
    return out.toString();
  }

  /** The scheme of an Authorization or WWW-Authenticate value, lower case; empty if there is none. */
  static String scheme(String value) {
    String trimmed = value.strip();
    int space = indexOfSpace(trimmed);
    return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
  }

  /** What follows the scheme, trimmed. */
  static String afterScheme(String value) {
    String trimmed = value.strip();
    int space = indexOfSpace(trimmed);
    return space < 0 ? "" : trimmed.substring(space + 1).strip();
  }

  /**
   * The auth-params of one challenge (names in lower case, the first of a repeated name kept, as
   * RFC 9110 forbids repeats); empty when the text is not auth-params.
   */
  static Optional<Map<String, String>> parse(String challenge) {
    String text = afterScheme(challenge);
    Map<String, String> params = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int nameStart = i;
      while (i < text.length() && isTokenChar(text.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        return Optional.empty();
      }
      String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = skipWhitespace(text, i);
      if (i >= text.length() || text.charAt(i) != '=') {
        return Optional.empty();
      }
      i = skipWhitespace(text, i + 1);
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            i++;
          }
          value.append(text.charAt(i++));
        }
        if (i >= text.length()) {
          return Optional.empty(); // an unclosed quoted-string
        }
        i++;
      } else {
        // a token, or token68 (base64 with its "=" padding, which some servers send unquoted)
        while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
          value.append(text.charAt(i++));
        }
      }
      params.putIfAbsent(name, value.toString());
      i = skipWhitespace(text, i);
      if (i < text.length()) {
        if (text.charAt(i) != ',') {
          return Optional.empty();
        }
        i = skipWhitespace(text, i + 1);
      }
    }
    return Optional.of(params);
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static int indexOfSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  private static int skipWhitespace(String text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
