package io.appstack.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The files a {@link ControlPlane} starts from: tokens, ServiceAccount keys, kubeconfigs, the audit policy. */
final class ControlPlaneFiles {
  /** Every request at Metadata level (who, what, which object, the answer's code), once it is answered. */
  static final String AUDIT_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: Metadata
      """;

  private ControlPlaneFiles() {}

  /** A kubeconfig for {@code user} with a bearer token, trusting the API server's own certificate. */
  static Path writeKubeconfig(Path dir, String user, String server, Path caFile, String token) throws IOException {
    Path file = dir.resolve(user + ".kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
          - name: appstack-test
            cluster:
              server: %s
              certificate-authority: %s
        users:
          - name: %s
            user:
              token: %s
        contexts:
          - name: appstack-test
            context:
              cluster: appstack-test
              user: %s
              namespace: default
        current-context: appstack-test
        """.formatted(server, caFile, user, token, user));
    return file;
  }

  /** The key pair the API server signs ServiceAccount tokens with (PKCS#8 and X.509 PEM, as it reads them). */
  static void writeServiceAccountKeys(Path privateKey, Path publicKey) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** TLS that trusts the certificates in {@code caBundle} (the API server's self-signed one and its CA). */
  static SSLContext trusting(Path caBundle) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      try (var in = Files.newInputStream(caBundle)) {
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca" + i++, cert);
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bearer token from a secure random source. */
  static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
