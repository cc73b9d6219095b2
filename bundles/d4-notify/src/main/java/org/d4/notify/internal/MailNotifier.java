// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One mail destination per factory configuration of {@code d4.notify.mail}, through Jakarta Mail
 * (Angus Mail, inside this bundle). With STARTTLS the upgrade is required (a server that does not
 * offer it is refused, so a password never goes out in clear); in both TLS modes the server's
 * certificate and name are checked.
 */
@Component(configurationPid = "d4.notify.mail", configurationPolicy = ConfigurationPolicy.REQUIRE, service = EventHandler.class,
        property = EventConstants.EVENT_TOPIC + "=org/d4/alert/*")
@Designate(ocd = MailConfig.class, factory = true)
public final class MailNotifier extends QueuedNotifier {
    private final MailConfig config;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String hostname;

    @Activate
    public MailNotifier(MailConfig config) throws Exception {
        this.config = config;
        String security = config.security().toLowerCase(Locale.ROOT);
        if (!List.of("starttls", "tls", "none").contains(security)) {
            throw new IllegalArgumentException("d4.notify.mail: security must be starttls, tls or none, not " + config.security());
        }
        if (config.to() == null || config.to().length == 0) {
            throw new IllegalArgumentException("d4.notify.mail: no recipient (to)");
        }
        this.from = new InternetAddress(config.from(), true);
        List<InternetAddress> recipients = new ArrayList<>();
        for (String t : config.to()) {
            for (String address : t.split(",")) {        // a .cfg file gives one string: a, b
                if (!address.isBlank()) {
                    recipients.add(new InternetAddress(address.trim(), true));
                }
            }
        }
        this.to = recipients.toArray(InternetAddress[]::new);
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        p.put("mail.smtp.auth", Boolean.toString(!config.username().isBlank()));
        if (!security.equals("none")) {
            SSLSocketFactory tls = new HostCheckingSocketFactory(TrustFiles.context(config.ca_file()).getSocketFactory(), config.host());
            p.put("mail.smtp.ssl.socketFactory", tls);
            if (security.equals("tls")) {
                p.put("mail.smtp.ssl.enable", "true");
            } else {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
        }
        this.session = withOwnLoader(() -> Session.getInstance(p));
        this.hostname = InetAddress.getLocalHost().getHostName();
        startDelivering("mail " + config.host() + ":" + config.port(), config.max_per_minute(), Duration.ofSeconds(5));
    }

    @Override
    public void deliver(Notice n, int heldBack) throws Exception {
        withOwnLoader(() -> {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSentDate(new Date());
            message.setSubject(config.subject_prefix() + " " + (n.isResolved() ? "Resolved: " : "") + n.kind() + " " + n.subject(), "UTF-8");
            StringBuilder body = new StringBuilder();
            body.append(n.isResolved() ? "Resolved" : "Raised").append(" on ").append(hostname).append("\n\n");
            n.fields().forEach((k, v) -> {
                if (!k.equals("summary") && !v.isEmpty()) {
                    body.append(String.format("%-10s %s%n", k + ":", v));
                }
            });
            if (heldBack > 0) {
                body.append("\n").append(heldBack).append(" notices were held back before this one (rate limit).\n");
            }
            message.setText(body.toString(), "UTF-8");
            if (config.username().isBlank()) {
                Transport.send(message);
            } else {
                Transport.send(message, config.username(), config.password());
            }
            return null;
        });
    }

    interface MailAction<T> {
        T run() throws Exception;
    }

    /** Jakarta Mail finds its providers with ServiceLoader on the context class loader: this bundle's, where they are. */
    static <T> T withOwnLoader(MailAction<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(MailNotifier.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
