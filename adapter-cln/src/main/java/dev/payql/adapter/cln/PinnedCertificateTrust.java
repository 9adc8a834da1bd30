package dev.payql.adapter.cln;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust in exactly the node's own certificate authority. CLNRest generates a self-signed CA
 * and a server certificate for the names "cln" and "localhost" (its rest-certs directory), while
 * operators reach it by IP address or their own host name; since nothing but the node's CA is
 * trusted, the certificate chain alone authenticates the node and the host name is not compared.
 */
final class PinnedCertificateTrust {

  private PinnedCertificateTrust() {}

  static SSLContext sslContext(Path pemFile) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(pemFile)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + pemFile);
      }
      int i = 0;
      for (Certificate certificate : certificates) {
        anchors.setCertificateEntry("cln-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      X509TrustManager chainCheck = null;
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          chainCheck = x509;
        }
      }
      if (chainCheck == null) {
        throw new IllegalStateException("the JDK offers no X.509 trust manager");
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ChainOnly(chainCheck)}, null);
      return context;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read CLNRest's certificate " + pemFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(pemFile + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Checks the chain against the pinned anchors; skips host name identification on purpose. */
  private static final class ChainOnly extends X509ExtendedTrustManager {

    private final X509TrustManager chainCheck;

    ChainOnly(X509TrustManager chainCheck) {
      this.chainCheck = chainCheck;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      chainCheck.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      chainCheck.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      chainCheck.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("PayQL is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("PayQL is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("PayQL is a TLS client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chainCheck.getAcceptedIssuers();
    }
  }
}
