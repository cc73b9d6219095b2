// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote shell: an SSH server (127.0.0.1:8101 by default) whose sessions are Gogo sessions.
 * Only users with the admin role log in, by password (through the lockout of the user directory)
 * or by one of their authorized keys. The host key is generated at first start into
 * {@code etc/ssh/} and kept, so clients can pin it. Logins and refused lines go to the audit log
 * (channel {@code ssh}); the commands themselves are recorded by the shell bundle's listener.
 */
@Component(configurationPid = "d4.shell.ssh", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = SshConfig.class)
public final class SshShellServer {
    static final String CHANNEL = "ssh";
    private static final AttributeKey<SshLogin> LOGIN = new AttributeKey<>();
    private static final Logger LOG = LoggerFactory.getLogger(SshShellServer.class);

    private final CommandProcessor processor;
    private final UserDirectory users;
    private final BundleContext context;
    private final ApplianceDirs dirs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog audit;
    private SshServer server;

    @Activate
    public SshShellServer(@Reference CommandProcessor processor, @Reference UserDirectory users, BundleContext context) {
        this.processor = processor;
        this.users = users;
        this.context = context;
        this.dirs = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY));
    }

    @Activate
    void open(SshConfig config) throws IOException {
        if (!config.enabled()) {
            LOG.info("SSH shell disabled (d4.shell.ssh enabled = false)");
            return;
        }
        Path hostKeyFile = dirs.resolve(config.host_key_file());
        Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        List<KeyPair> loaded = hostKeys.loadKeys(null);   // generates and writes the key at first start
        ownerOnly(hostKeyFile);

        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(config.bind());
        ssh.setPort(config.port());
        ssh.setKeyPairProvider(hostKeys);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(ssh, config.max_auth_attempts());
        CoreModuleProperties.AUTH_TIMEOUT.set(ssh, Duration.ofSeconds(60));
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, Duration.ofSeconds(config.idle_timeout_s()));
        ssh.setPasswordAuthenticator(this::passwordLogin);
        ssh.setPublickeyAuthenticator(this::keyLogin);
        ssh.setKeyboardInteractiveAuthenticator(null);   // password and public key only, the two the appliance stores
        ssh.setShellFactory(channel -> session(channel, null));
        ssh.setCommandFactory(this::session);
        ssh.start();
        server = ssh;
        LOG.info("SSH shell on {}:{}, host key {} ({})", config.bind(), ssh.getPort(), hostKeyFile,
                loaded.isEmpty() ? "none" : KeyUtils.getFingerPrint(loaded.get(0).getPublic()));
    }

    @Deactivate
    void close() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    private boolean passwordLogin(String name, String password, ServerSession session) {
        String remote = address(session.getClientAddress());
        Optional<AppUser> user = users.authenticate(name, password.toCharArray(), remote);
        return admitted(user, name, "password", remote, session);
    }

    private boolean keyLogin(String name, PublicKey key, ServerSession session) {
        String remote = address(session.getClientAddress());
        String line;
        try {
            line = PublicKeyEntry.toString(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Optional<AppUser> user = users.authenticatePublicKey(name, line, remote);
        // a key the user does not have is no failed login: clients offer each of theirs in turn
        return user.isPresent() && admitted(user, name, "public key", remote, session);
    }

    private boolean admitted(Optional<AppUser> user, String name, String method, String remote, ServerSession session) {
        if (user.isEmpty()) {
            record(AuditEntry.of(name, CHANNEL, remote, "login", name, false, method + " refused"));
            return false;
        }
        if (!user.get().hasRole(Role.ADMIN)) {
            LOG.warn("Refused an SSH login as '{}' from {}: the remote shell is for administrators", name, remote);
            record(AuditEntry.of(name, CHANNEL, remote, "login", name, false, "not an administrator"));
            return false;
        }
        session.setAttribute(LOGIN, new SshLogin(user.get(), method, remote));
        return true;
    }

    private GogoSession session(ChannelSession channel, String commandLine) throws IOException {
        SshLogin login = channel.getSession().getAttribute(LOGIN);
        if (login == null) {
            throw new IOException("no authenticated user on this SSH session");
        }
        record(AuditEntry.of(login.user().name(), CHANNEL, login.remote(), "login", login.user().name(), true,
                login.method() + (commandLine == null ? ", interactive" : ", one command")));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(".context", context);
        variables.put("d4.user", login.user().name());
        variables.put("d4.remote", login.remote());
        variables.put("d4.channel", CHANNEL);
        variables.put("USER", login.user().name());
        return new GogoSession(processor, variables, profile(), commandLine, login.user().passwordChangeRequired(),
                refused -> record(AuditEntry.of(login.user().name(), CHANNEL, login.remote(), "shell.refused", "", false, refused)));
    }

    /** The appliance's own profile (dashed command names), read per session so edits apply. */
    private String profile() {
        Path file = dirs.etc().resolve("gosh_profile");
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return null;
        }
    }

    private void record(AuditEntry entry) {
        AuditLog log = audit;
        if (log != null) {
            log.record(entry);
        }
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static void ownerOnly(Path file) {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("cannot restrict {}: {}", file, e.toString());
        }
    }
}
