package dev.payql.app.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Typed reads over a {@link SettingsSource}; every error names the setting and its variable. */
final class Settings {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final SettingsSource source;

  Settings(SettingsSource source) {
    this.source = source;
  }

  Optional<String> optional(String key) {
    return source.get(key);
  }

  String string(String key, String fallback) {
    return source.get(key).orElse(fallback);
  }

  String required(String key, String why) {
    return source.get(key).orElseThrow(() -> new ConfigurationException(
        describe(key) + " is required " + why));
  }

  int integer(String key, int fallback, int min, int max) {
    long value = longValue(key, fallback, min, max);
    return (int) value;
  }

  long longValue(String key, long fallback, long min, long max) {
    Optional<String> raw = source.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get().replace("_", ""));
      if (value < min || value > max) {
        throw new ConfigurationException(describe(key) + " must be between " + min + " and " + max + ", not " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(describe(key) + " must be a whole number, not '" + raw.get() + "'");
    }
  }

  BigDecimal decimal(String key, String fallback) {
    String raw = source.get(key).orElse(fallback);
    try {
      BigDecimal value = new BigDecimal(raw);
      if (value.signum() <= 0) {
        throw new ConfigurationException(describe(key) + " must be positive, not " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(describe(key) + " must be a decimal number, not '" + raw + "'");
    }
  }

  /** A decimal that may be zero, or nothing when unset. */
  Optional<BigDecimal> nonNegativeDecimal(String key) {
    return source.get(key).map(raw -> {
      try {
        BigDecimal value = new BigDecimal(raw);
        if (value.signum() < 0) {
          throw new ConfigurationException(describe(key) + " cannot be negative, not " + raw);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new ConfigurationException(describe(key) + " must be a decimal number, not '" + raw + "'");
      }
    });
  }

  /** An absolute http(s) URL. */
  URI url(String key, URI fallback) {
    Optional<String> raw = source.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      URI uri = new URI(raw.get());
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(raw.get(), "not an absolute http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigurationException(describe(key) + " must be an http(s) URL such as https://api.kraken.com, not '"
          + raw.get() + "'");
    }
  }

  /** A percentage, 0 to 100, such as {@code 5} or {@code 0.5}. */
  BigDecimal percent(String key, BigDecimal fallback) {
    Optional<String> raw = source.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      BigDecimal value = new BigDecimal(raw.get().strip().replaceFirst("\\s*%$", ""));
      if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new ConfigurationException(describe(key) + " must be between 0 and 100 (a percentage), not " + raw.get());
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(describe(key) + " must be a percentage such as 5 or 0.5, not '" + raw.get() + "'");
    }
  }

  boolean bool(String key, boolean fallback) {
    Optional<String> raw = source.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigurationException(describe(key) + " must be true or false, not '" + raw.get() + "'");
    };
  }

  /** Durations as {@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}, {@code 250ms}, ISO-8601 or plain seconds. */
  Duration duration(String key, Duration fallback) {
    Optional<String> raw = source.get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    String text = raw.get().trim();
    try {
      Duration value;
      Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        value = switch (m.group(2) == null ? "s" : m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(amount);
        };
      } else {
        value = Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (value.isNegative()) {
        throw new ConfigurationException(describe(key) + " cannot be negative");
      }
      return value;
    } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
      throw new ConfigurationException(describe(key) + " must be a duration such as 30s, 10m, 2h, 30d or PT30S, not '"
          + text + "'");
    }
  }

  /** A duration of at least {@code min}: a zero lease or lifetime would make every key useless. */
  Duration duration(String key, Duration fallback, Duration min) {
    Duration value = duration(key, fallback);
    if (value.compareTo(min) < 0) {
      throw new ConfigurationException(describe(key) + " must be at least " + human(min) + ", not " + human(value));
    }
    return value;
  }

  /** A comma-separated list; blank entries dropped. */
  List<String> list(String key, List<String> fallback) {
    return source.get(key)
        .map(raw -> Arrays.stream(raw.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList())
        .orElse(fallback);
  }

  /**
   * Builds what several settings make together; a value the domain refuses (a minimum above a
   * maximum) is a configuration error naming all of them, not a crash naming none.
   */
  static <T> T together(Supplier<T> build, String... keys) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String names = Arrays.stream(keys).map(Settings::describe).collect(Collectors.joining(", "));
      throw new ConfigurationException((keys.length == 1 ? names + " is refused: " : names + " do not fit together: ")
          + e.getMessage());
    }
  }

  private static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }

  Path path(String key, Path fallback) {
    return source.get(key).map(Path::of).orElse(fallback);
  }

  static String describe(String key) {
    return "the setting '" + key + "' (" + SettingsSource.environmentName(key) + ")";
  }
}
