// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;

/** This node's id in the cluster: made once, kept in {@code data/cluster/node-id}, so it is the same after a restart. */
final class NodeId {
    /** A UUID as {@link UUID#toString} writes it, lower case: node ids and the sensors' UUIDs in record keys. */
    static final String CANONICAL = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private NodeId() {
    }

    /** Whether the text is a node id as this code writes them (read from a topic, it may be anything). */
    static boolean isValid(String text) {
        return text.matches(CANONICAL);
    }

    static String of(BundleContext context) throws IOException {
        return of(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).data().resolve("cluster/node-id"));
    }

    /** Synchronized: two components of the bundle may ask at once, the first time. */
    static synchronized String of(Path file) throws IOException {
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (isValid(id)) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** This host's name, for people reading the cluster's pages. */
    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
