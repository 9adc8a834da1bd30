package dev.payql.app.embed.forbidden;

import io.javalin.Javalin;

/** Deliberately hands a host a Javalin server, to show the embedding rule catches it. Test sources only. */
public class PaywallHandingOutJavalin {

  public Javalin server() {
    return Javalin.create();
  }
}
