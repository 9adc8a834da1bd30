package dev.payql.adapter.simnode.bolt11;

import java.util.HexFormat;

/** Run in a child JVM by {@link Secp256k1ChoiceTest}: prints which library signs, and its known answer. */
public final class Secp256k1Probe {

  private Secp256k1Probe() {}

  public static void main(String[] args) {
    Secp256k1 curve = Secp256k1.get();
    System.out.println(curve.description());
    System.out.println(HexFormat.of().formatHex(curve.sign(Secp256k1.Chosen.filled(0x22), Secp256k1.Chosen.filled(0x11))));
  }
}
