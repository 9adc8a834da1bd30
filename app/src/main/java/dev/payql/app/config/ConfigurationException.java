package dev.payql.app.config;

/** A setting is missing or malformed; the message names it and says what is expected. */
public class ConfigurationException extends RuntimeException {

  public ConfigurationException(String message) {
    super(message);
  }
}
