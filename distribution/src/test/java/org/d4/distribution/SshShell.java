// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/** An SSH login to the appliance's remote shell with the SSHD client library; one command per {@link #run}. */
final class SshShell implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(30);

    record Result(int exitStatus, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final SshClient client;
    private final ClientSession session;

    private SshShell(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** Logs in with a password; throws IOException (an SshException) when the server refuses. */
    static SshShell withPassword(int port, String user, String password) throws IOException {
        return login(port, user, password, null);
    }

    static SshShell withKey(int port, String user, KeyPair key) throws IOException {
        return login(port, user, null, key);
    }

    private static SshShell login(int port, String user, String password, KeyPair key) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        // the host key itself is checked by the tests with the system's ssh and its known_hosts
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try {
            ClientSession session = client.connect(user, "127.0.0.1", port).verify(T).getSession();
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            if (key != null) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(T);
            return new SshShell(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** Runs one command as {@code ssh host command} does and waits for its exit status. */
    Result run(String command) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(T);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), T);
            Integer status = channel.getExitStatus();
            return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            client.stop();
        }
    }
}
