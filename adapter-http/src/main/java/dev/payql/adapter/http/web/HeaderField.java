package dev.payql.adapter.http.web;

import java.util.Objects;

/** One HTTP header field, for answers that carry fields a route computed (challenges, receipts). */
record HeaderField(String name, String value) {
  HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
