package dev.payql.adapter.cln.fake;

/** A JSON-RPC error object the fake answers with: {@code {code, message}}. */
final class FakeRpcError extends Exception {

  final int code;

  FakeRpcError(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }
}
