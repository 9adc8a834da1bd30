package dev.payql.domain.lightning;

/** An invoice as the node sees it. LND's ACCEPTED (held HTLC) counts as OPEN: not yet paid. */
public enum InvoiceState {
  OPEN,
  SETTLED,
  CANCELED
}
