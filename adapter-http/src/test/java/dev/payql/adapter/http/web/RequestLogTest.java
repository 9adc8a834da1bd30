package dev.payql.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.ports.in.RedeemUseCase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

  private static final String KEY = "5e".repeat(32);

  private final ScriptedUseCases ports = new ScriptedUseCases();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private HttpApi api;

  @BeforeEach
  void start() {
    captured.start();
    root.addAppender(captured);
    api = new HttpApi(HttpSettings.defaults().withPort(0), ports, ports, ports, ports, ports, List.of(),
        Optional.empty()).start();
  }

  @AfterEach
  void stop() {
    api.stop();
    root.detachAppender(captured);
  }

  @Test
  void eachRequestLogsOneLineWithMethodPathStatusAndCodeButNeverTheKey() {
    ports.redeem = (key, request) -> RedeemUseCase.Refused.because(RefusalReason.KEY_SPENT);

    new Http(api.port()).post("/graphql?apikey=" + KEY, "{\"query\":\"{ x }\"}", "Authorization", "Bearer " + KEY);

    List<String> requestLines = captured.list.stream()
        .filter(event -> event.getLoggerName().equals("dev.payql.http.requests"))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
    assertThat(requestLines).singleElement().satisfies(line -> assertThat(line).startsWith("POST /graphql 410 key_spent "));
    assertThat(captured.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(KEY));
  }
}
