// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A broker listener with TLS and SASL/PLAIN ({@code SASL_SSL}), as operators run their brokers:
 * a certificate for 127.0.0.1 made with the JDK's keytool (PKCS#12 key store for the broker, its
 * certificate as PEM for the clients' trust store) and one user with a password.
 *
 * @param user      the one user the listener knows
 * @param password  that user's password
 * @param keyStore  the broker's key and certificate (PKCS#12)
 * @param storePass the key store's password
 * @param caPem     the broker's certificate, PEM: what a client trusts ({@code ssl.truststore.type=PEM})
 */
public record KafkaSecurity(String user, String password, Path keyStore, String storePass, Path caPem) {

    /** Makes the certificate in {@code folder}. */
    static KafkaSecurity make(Path folder, String user, String password) throws IOException, InterruptedException {
        Path keyStore = folder.resolve("broker.p12");
        Path pem = folder.resolve("broker-ca.pem");
        String storePass = "store-" + Long.toHexString(System.nanoTime());
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(folder, keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", storePass);
        run(folder, keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", storePass, "-file", pem.toString());
        return new KafkaSecurity(user, password, keyStore, storePass, pem);
    }

    private static void run(Path folder, String... command) throws IOException, InterruptedException {
        Commands.Result r = Commands.run(folder, Map.of(), Duration.ofSeconds(60), command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("keytool " + command[1] + " failed: " + r.output());
        }
    }

    /** The broker's settings for a listener named SASL_SSL. */
    List<String> brokerSettings() {
        return List.of(
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user + "\" password=\"" + password + "\" user_" + user + "=\"" + password + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keyStore,
                "ssl.keystore.password=" + storePass);
    }

    /** A client's {@code client.settings} line (as an appliance's configuration takes it) for this user with {@code password}. */
    public String clientSettings(String password) {
        return "security.protocol=SASL_SSL, sasl.mechanism=PLAIN, sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";, ssl.truststore.type=PEM, ssl.truststore.location=" + caPem;
    }
}
