package dev.payql.adapter.cln;

import dev.payql.ports.out.node.NodeRejectedException;

/**
 * Core Lightning answered a command with a JSON-RPC error object. {@link #code()} is CLN's code
 * (lightningd/jsonrpc_errors.h and each command's man page).
 */
public class ClnRejectedException extends NodeRejectedException {

  /** lightning-invoice(7): an invoice with this label already exists. */
  public static final int DUPLICATE_LABEL = 900;
  /** lightning-invoice(7): an invoice with this preimage already exists. */
  public static final int DUPLICATE_PREIMAGE = 901;
  /** lightning-waitanyinvoice(7): the timeout passed with no invoice paid. */
  public static final int WAIT_TIMED_OUT = 904;
  /** lightning-pay(7): a payment for this hash is still in flight. */
  public static final int PAY_IN_PROGRESS = 200;
  /** JSON-RPC 2.0: no such method (an older CLN, a plugin not loaded, or a rune forbids it). */
  public static final int METHOD_NOT_FOUND = -32601;
  /** JSON-RPC 2.0: the parameters were refused. */
  public static final int INVALID_PARAMS = -32602;

  private final String method;
  private final int code;

  public ClnRejectedException(String method, int code, String nodeMessage) {
    super(describe(method, code, nodeMessage));
    this.method = method;
    this.code = code;
  }

  public String method() {
    return method;
  }

  public int code() {
    return code;
  }

  private static String describe(String method, int code, String nodeMessage) {
    String meaning = switch (code) {
      case DUPLICATE_LABEL -> "an invoice with this label already exists";
      case DUPLICATE_PREIMAGE -> "an invoice with this preimage already exists";
      case WAIT_TIMED_OUT -> "no invoice was paid before the timeout";
      case PAY_IN_PROGRESS -> "a payment to this invoice is already in progress";
      case 201 -> "this invoice was already paid with a different amount or destination";
      case 203 -> "the destination refused the payment permanently";
      case 205 -> "no route to the destination was found";
      case 206 -> "every route costs more fee than allowed";
      case 207 -> "the invoice expired";
      case 210 -> "the payment timed out without a part in flight";
      case METHOD_NOT_FOUND -> "the node does not offer this command (too old, plugin disabled, or not allowed)";
      case INVALID_PARAMS -> "the node refused the parameters";
      default -> null;
    };
    return "Core Lightning refused " + method + " (code " + code + (meaning == null ? "" : ", " + meaning) + "): "
        + nodeMessage;
  }
}
