package dev.payql.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where settings come from: a properties file, overridden by environment variables. A setting
 * {@code node.backend} in the file is {@code PAYQL_NODE_BACKEND} in the environment.
 *
 * <p>It remembers which keys were read, so a misspelt key in the file is reported instead of
 * silently ignored.
 */
public final class SettingsSource {

  private static final String ENV_PREFIX = "PAYQL_";

  /**
   * Variables PayQL honours that are read before any setting is: {@code PAYQL_CONFIG} names the file
   * ({@code Main}), {@code PAYQL_LOG_LEVEL} and {@code PAYQL_LOG_FORMAT} are read by logging itself
   * ({@code logback.xml}); PayqlConfig still checks the format's value, which logging cannot.
   */
  public static final Set<String> READ_BEFORE_SETTINGS = Set.of("PAYQL_CONFIG", "PAYQL_LOG_LEVEL", "PAYQL_LOG_FORMAT");

  private final Map<String, String> file;
  private final Map<String, String> environment;
  private final Set<String> read = new TreeSet<>();

  SettingsSource(Map<String, String> file, Map<String, String> environment) {
    this.file = Map.copyOf(file);
    this.environment = Map.copyOf(environment);
  }

  /** Settings from {@code configFile} (if given) and the process environment. */
  public static SettingsSource load(Optional<Path> configFile, Map<String, String> environment) {
    Map<String, String> fromFile = new HashMap<>();
    if (configFile.isPresent()) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile.get())) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ConfigurationException("cannot read the configuration file " + configFile.get() + ": " + e.getMessage());
      }
      properties.stringPropertyNames().forEach(key -> fromFile.put(key.trim(), properties.getProperty(key).trim()));
    }
    return new SettingsSource(fromFile, environment);
  }

  public static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public Optional<String> get(String key) {
    read.add(key);
    String fromEnvironment = environment.get(environmentName(key));
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(fromEnvironment.trim());
    }
    return Optional.ofNullable(file.get(key)).filter(value -> !value.isBlank());
  }

  /** Keys in the file that no setting asked for: most likely typos. */
  public Set<String> unknownFileKeys() {
    Set<String> unknown = new TreeSet<>(file.keySet());
    unknown.removeAll(read);
    return unknown;
  }

  /** PAYQL_* environment variables that no setting asked for. */
  public Set<String> unknownEnvironmentVariables() {
    Set<String> unknown = new TreeSet<>();
    Set<String> known = new TreeSet<>();
    read.forEach(key -> known.add(environmentName(key)));
    environment.keySet().stream()
        .filter(name -> name.startsWith(ENV_PREFIX))
        .filter(name -> !known.contains(name))
        .filter(name -> !READ_BEFORE_SETTINGS.contains(name))
        .forEach(unknown::add);
    return unknown;
  }
}
