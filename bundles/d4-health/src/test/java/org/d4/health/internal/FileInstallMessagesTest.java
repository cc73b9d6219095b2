// SPDX-License-Identifier: Apache-2.0
package org.d4.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.d4.api.health.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

class FileInstallMessagesTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private final FileInstallMessages messages = new FileInstallMessages();

    @Test
    void findsConfigFileInRealisticMessages() {
        assertEquals("/tmp/x/etc/broken.cfg", FileInstallMessages.configFileIn("Failed to install artifact: /tmp/x/etc/broken.cfg"));
        assertEquals("/tmp/x/etc/broken.cfg",
                FileInstallMessages.configFileIn("Failed to install artifact: /tmp/x/etc/broken.cfg: Unexpected token 78; expected: 61"));
        assertEquals("/a/b.config", FileInstallMessages.configFileIn("Unable to read file:/a/b.config"));
        assertEquals("/a/b.config", FileInstallMessages.configFileIn("file:/a/b.config"));
        assertEquals("/etc/d4.tls.cfg", FileInstallMessages.configFileIn("Error in \"/etc/d4.tls.cfg\" (line 3)"));
        assertEquals("/x/a-b~c.cfg", FileInstallMessages.configFileIn("[/x/a-b~c.cfg]"));
    }

    @Test
    void ignoresMessagesWithoutConfigFile() {
        assertNull(FileInstallMessages.configFileIn(""));
        assertNull(FileInstallMessages.configFileIn("Failed to install artifact: /tmp/x/deploy/broken.jar"));
        assertNull(FileInstallMessages.configFileIn("backup /tmp/x/etc/broken.cfg.bak left over"));
        assertNull(FileInstallMessages.configFileIn("/tmp/x/etc/broken.cfgx"));
    }

    @Test
    void pathIsNeverCutToAnotherFile() {
        String found = FileInstallMessages.configFileIn("Failed to install artifact: /opt/my d4/etc/broken.cfg");
        assertTrue(found == null || found.equals("/opt/my d4/etc/broken.cfg"), found);
        assertNull(FileInstallMessages.configFileIn("relative etc/a.cfg is not absolute"));
    }

    @Test
    void lastMessageAboutAFileIsTheNewest() {
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: /d/deploy/a.jar: first"));
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: /d/deploy/b.jar"));
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: /d/deploy/a.jar: second"));

        assertEquals(Optional.of("Failed to install artifact: /d/deploy/a.jar: second"), messages.lastMessageAbout("a.jar"));
        assertEquals(Optional.empty(), messages.lastMessageAbout("c.jar"));
        messages.clear();
        assertEquals(Optional.empty(), messages.lastMessageAbout("a.jar"));
    }

    @Test
    void keepsOnlyTheNewestMessages() {
        for (int i = 0; i <= FileInstallMessages.MAX_KEPT; i++) {
            messages.add(new FileInstallMessages.Message(T0, "problem with file-" + i + ".jar"));
        }
        assertEquals(Optional.empty(), messages.lastMessageAbout("file-0.jar"));
        assertTrue(messages.lastMessageAbout("file-1.jar").isPresent());
        assertTrue(messages.lastMessageAbout("file-" + FileInstallMessages.MAX_KEPT + ".jar").isPresent());
    }

    @Test
    void reportsExistingUnchangedConfigFilesWithTheirLatestMessage() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.cfg"), "x");
        Path fixed = Files.writeString(dir.resolve("fixed.cfg"), "x");
        Files.setLastModifiedTime(broken, FileTime.from(T0.minusSeconds(60)));
        Files.setLastModifiedTime(fixed, FileTime.from(T0.plusSeconds(60)));
        messages.add(new FileInstallMessages.Message(T0.minusSeconds(5), "Failed to install artifact: " + broken + ": old"));
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: " + broken + ": new"));
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: " + fixed));
        messages.add(new FileInstallMessages.Message(T0, "Failed to install artifact: " + dir.resolve("gone.cfg")));

        assertEquals(List.of(new Problem(Problem.Kind.CONFIGURATION, "broken.cfg", "Failed to install artifact: " + broken + ": new", T0)),
                messages.configurationProblems());
    }

    @Test
    void listensToFileInstallWarningsAndErrorsOnly() {
        String logger = FileInstallMessages.FILEINSTALL;
        messages.logged(new Entry(logger, LogLevel.ERROR, "Failed to install artifact: /d/etc/a.cfg", new IOException("bad line 3")));
        messages.logged(new Entry(logger, LogLevel.WARN, "Failed to install artifact: /d/etc/b.cfg", new IOException("/d/etc/b.cfg")));
        messages.logged(new Entry(logger, LogLevel.INFO, "Installed /d/etc/c.cfg", null));
        messages.logged(new Entry("org.example.other", LogLevel.ERROR, "Failed /d/etc/d.cfg", null));

        assertEquals(Optional.of("Failed to install artifact: /d/etc/a.cfg: bad line 3"), messages.lastMessageAbout("a.cfg"));
        assertEquals(Optional.of("Failed to install artifact: /d/etc/b.cfg"), messages.lastMessageAbout("b.cfg"));
        assertEquals(Optional.empty(), messages.lastMessageAbout("c.cfg"));
        assertEquals(Optional.empty(), messages.lastMessageAbout("d.cfg"));
    }

    /** A log entry from no bundle, identified by its logger name only. */
    private record Entry(String loggerName, LogLevel level, String message, Throwable exception) implements LogEntry {
        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public ServiceReference<?> getServiceReference() {
            return null;
        }

        @Override
        @SuppressWarnings("deprecation")
        public int getLevel() {  // the legacy numbers: 1 error, 2 warning, 3 info, 4 debug
            return switch (level) {
                case AUDIT, ERROR -> 1;
                case WARN -> 2;
                case INFO -> 3;
                default -> 4;
            };
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public Throwable getException() {
            return exception;
        }

        @Override
        public long getTime() {
            return T0.toEpochMilli();
        }

        @Override
        public LogLevel getLogLevel() {
            return level;
        }

        @Override
        public String getLoggerName() {
            return loggerName;
        }

        @Override
        public long getSequence() {
            return 0;
        }

        @Override
        public String getThreadInfo() {
            return "test";
        }

        @Override
        public StackTraceElement getLocation() {
            return null;
        }
    }
}
