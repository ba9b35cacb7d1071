package io.digits.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate for {@code localhost} in a PKCS12 key store, and for the clients both a trust
 * store holding it and the certificate itself as PEM (what a Strimzi cluster CA Secret holds), made with the
 * JDK's {@code keytool} as an operator would.
 *
 * @param keyStore    the broker's key store
 * @param trustStore  a clients' trust store (PKCS12)
 * @param certificate the broker's certificate, PEM: a clients' trust store of type PEM, with no password
 * @param password    the password of both stores (a secret)
 */
record TlsMaterial(Path keyStore, Path trustStore, Path certificate, String password) {

    static TlsMaterial create(Path dir, String password) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path trustStore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TlsMaterial(keyStore, trustStore, cert, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
