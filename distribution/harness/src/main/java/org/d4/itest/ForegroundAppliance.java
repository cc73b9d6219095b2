// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An image started with {@code bin/d4 run}: the Gogo console on the process's stdin/stdout, as an
 * operator at a terminal would have it.
 */
public final class ForegroundAppliance implements AutoCloseable {
    /** A line of the appliance's log as the console appender prints it: "14:09:33.155 INFO  logger - text". */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) [^\\n]*\\n");

    private final Appliance appliance;
    private final Process process;
    private final OutputStream stdin;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private int marker;

    ForegroundAppliance(Appliance appliance, Map<String, String> env) throws IOException {
        this.appliance = appliance;
        ProcessBuilder builder = new ProcessBuilder(List.of(appliance.home().resolve("bin/d4").toString(), "run"))
                .directory(appliance.home().toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        process = builder.start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(() -> pump(process.getInputStream()), "bin/d4 run output");
        reader.setDaemon(true);
        reader.start();
    }

    public Appliance appliance() {
        return appliance;
    }

    public Process process() {
        return process;
    }

    /** Everything printed on the terminal so far. */
    public String output() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the terminal shows {@code text}; false on timeout or if the process ended first. */
    public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        return Commands.eventually(timeout, () -> output().contains(text));
    }

    /**
     * Types a command into the Gogo console and returns what it printed. Log lines share the terminal and
     * may land in the middle of the console's own output, so they are taken out before looking for the
     * end marker.
     */
    public String shell(String command, Duration timeout) throws IOException, InterruptedException {
        String end = "__d4_done_" + (++marker) + "__";
        int from = output().length();
        stdin.write((command + "\necho " + end + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        if (!Commands.eventually(timeout, () -> consoleSince(from).contains(end))) {
            throw new IllegalStateException("no answer to '" + command + "' within " + timeout + "; terminal:\n" + output().substring(from));
        }
        String printed = consoleSince(from);
        return printed.substring(0, printed.indexOf(end));
    }

    private String consoleSince(int from) {
        return LOG_LINE.matcher(output().substring(from)).replaceAll("");
    }

    /** Closes the console (end of input, as Ctrl-D does), which stops the appliance; returns the exit code. */
    public int endInput(Duration timeout) throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("bin/d4 run did not exit within " + timeout + " after end of input");
        }
        return process.exitValue();
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (stdout) {
                    stdout.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        appliance.deleteCopy();
    }
}
