package dev.payql.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {

  private static byte[] json() {
    return "{\"data\":{\"secret\":1}}".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void neitherTheCallersArrayNorAReturnedOneCanChangeIt() {
    byte[] given = json();
    ResponseBody body = ResponseBody.of(given);

    given[0] = 'X';
    body.bytes()[1] = 'X';

    assertThat(body.bytes()).isEqualTo(json());
    assertThat(body.length()).isEqualTo(json().length);
  }

  @Test
  void equalByContent() {
    assertThat(ResponseBody.of(json())).isEqualTo(ResponseBody.of(json()))
        .hasSameHashCodeAs(ResponseBody.of(json()))
        .isNotEqualTo(ResponseBody.of(new byte[0]));
  }

  @Test
  void itsTextGivesTheLengthAndNothingOfTheResponse() {
    assertThat(ResponseBody.of(json())).hasToString(json().length + " bytes");
  }

  @Test
  void bytesAreRequired() {
    assertThatThrownBy(() -> ResponseBody.of(null)).isInstanceOf(NullPointerException.class);
  }
}
