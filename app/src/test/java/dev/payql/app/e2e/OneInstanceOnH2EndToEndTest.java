package dev.payql.app.e2e;

import java.util.Map;

/** The same scenarios on the embedded default, where one instance owns its H2 file. */
class OneInstanceOnH2EndToEndTest extends NothingLostNothingServedTwiceScenarios {

  @Override
  protected Map<String, String> storeSettings() {
    return Map.of();
  }

  @Override
  protected int instanceCount() {
    return 1;
  }
}
