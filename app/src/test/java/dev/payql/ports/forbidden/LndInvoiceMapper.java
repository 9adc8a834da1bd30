package dev.payql.ports.forbidden;

/** Deliberately named after a node technology, to show the naming rule catches it. Test sources only. */
public class LndInvoiceMapper {}
