// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH channel bound to a Gogo session: either one command ({@code ssh host d4:sensors}, exit
 * status 0 or 1) or, with a shell request, an interactive JLine prompt. The session runs the
 * appliance's {@code etc/gosh_profile} first (its {@code queue-create} and other dashed names) and
 * carries the user in {@code d4.user}, so {@code d4:passwd} and the audit log know who it is.
 * While the user's password is a generated one, only {@code passwd} runs.
 */
final class GogoSession implements Command {
    static final String PASSWORD_CHANGE_REQUIRED = "password change required: you still have a generated password; "
            + "set your own first with: passwd <current password> <new password>";
    private static final Logger LOG = LoggerFactory.getLogger(GogoSession.class);

    private final CommandProcessor processor;
    private final Map<String, Object> variables;
    private final String profile;
    private final String commandLine;
    private final Consumer<String> refusedLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread thread;
    private volatile boolean mustChangePassword;

    /** {@code commandLine} null for an interactive shell; {@code refusedLine} hears what the guard refused. */
    GogoSession(CommandProcessor processor, Map<String, Object> variables, String profile, String commandLine, boolean mustChangePassword,
            Consumer<String> refusedLine) {
        this.processor = processor;
        this.variables = variables;
        this.profile = profile;
        this.commandLine = commandLine;
        this.mustChangePassword = mustChangePassword;
        this.refusedLine = refusedLine;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        thread = new Thread(() -> {
            int code;
            try {
                code = commandLine == null ? interactive(env) : oneShot();
            } catch (Exception | LinkageError e) {
                LOG.warn("SSH session of {} failed", variables.get("d4.user"), e);
                code = 2;
            }
            exit.onExit(code);
        }, "d4-ssh-" + variables.get("d4.user"));
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private int oneShot() {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (CommandSession session = open(in, stdout, stderr)) {
            boolean ok = runLine(session, commandLine, stdout, stderr);
            stdout.flush();
            stderr.flush();
            return ok ? 0 : 1;
        }
    }

    private int interactive(Environment env) throws IOException {
        Terminal terminal;
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        // JLine finds its terminal providers through the context class loader: give it JLine's own
        current.setContextClassLoader(Terminal.class.getClassLoader());
        try {
            terminal = TerminalBuilder.builder().system(false).name("d4-ssh").streams(in, out).encoding(StandardCharsets.UTF_8)
                    .type(env.getEnv().getOrDefault(Environment.ENV_TERM, "vt100")).size(size(env)).build();
        } finally {
            current.setContextClassLoader(previous);
        }
        env.addSignalListener((channel, signal) -> terminal.setSize(size(env)), Signal.WINCH);
        env.addSignalListener((channel, signal) -> terminal.raise(Terminal.Signal.INT), Signal.INT);
        try (terminal) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("d4").build();
            PrintStream console = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            try (CommandSession session = open(terminal.input(), console, console)) {
                console.println("D4 appliance shell as " + variables.get("d4.user") + ": 'help' lists the commands, 'exit' ends the session.");
                if (mustChangePassword) {
                    console.println(PASSWORD_CHANGE_REQUIRED);
                }
                while (true) {
                    String line;
                    try {
                        line = reader.readLine("d4> ");
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        return 0;
                    }
                    String trimmed = line.strip();
                    if (isExit(trimmed)) {
                        return 0;
                    }
                    if (!trimmed.isEmpty()) {
                        runLine(session, trimmed, console, console);
                    }
                }
            }
        }
    }

    private CommandSession open(InputStream input, PrintStream stdout, PrintStream stderr) {
        CommandSession session = processor.createSession(input, stdout, stderr);
        variables.forEach(session::put);
        if (profile != null) {
            try {
                session.execute(profile);
            } catch (Exception e) {
                LOG.warn("etc/gosh_profile failed in an SSH session: {}", e.toString());
            }
        }
        return session;
    }

    /** Runs one line; prints its result or its error as one line. */
    private boolean runLine(CommandSession session, String line, PrintStream stdout, PrintStream stderr) {
        Optional<String> refusal = ShellGuard.refusal(line);
        boolean passwd = isPasswd(line);
        if (refusal.isEmpty() && mustChangePassword && !passwd) {
            refusal = Optional.of(PASSWORD_CHANGE_REQUIRED);
        }
        if (refusal.isPresent()) {
            refusedLine.accept(line + " (" + refusal.get() + ")");
            stderr.println(refusal.get());
            return false;
        }
        try {
            Object result = session.execute(line);
            if (result != null) {
                CharSequence text = result instanceof CharSequence c ? c : session.format(result, Converter.INSPECT);
                stdout.print(text);
                if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                    stdout.println();
                }
            }
            if (passwd) {
                mustChangePassword = false;
            }
            return true;
        } catch (Exception e) {
            stderr.println(oneLine(e));
            return false;
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    /** {@code exit}, {@code exit 0}, {@code logout}, {@code quit}: the end of this session, never of the appliance. */
    static boolean isExit(String line) {
        String first = line.strip().split("\\s+", 2)[0];
        return first.equals("exit") || first.equals("logout") || first.equals("quit");
    }

    static boolean isPasswd(String line) {
        String first = line.strip().split("\\s+", 2)[0];
        return first.equals("passwd") || first.equals("d4:passwd");
    }

    private static final java.util.regex.Pattern WRONG_ARGUMENTS = java.util.regex.Pattern.compile("Cannot coerce ([\\w-]+)\\(.*");

    /** The first line of the error; Gogo's "Cannot coerce f(Token) to any of [...]" said the way a user reads it. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        String first = message.lines().findFirst().orElse(message);
        java.util.regex.Matcher m = WRONG_ARGUMENTS.matcher(first);
        return m.matches() ? m.group(1) + ": wrong arguments (see 'help " + m.group(1) + "')" : first;
    }

    private static Size size(Environment env) {
        return new Size(number(env.getEnv().get(Environment.ENV_COLUMNS), 80), number(env.getEnv().get(Environment.ENV_LINES), 24));
    }

    private static int number(String text, int otherwise) {
        try {
            // a client without a real terminal reports 0 columns: JLine would then cut the prompt to nothing
            int n = text == null ? otherwise : Integer.parseInt(text.strip());
            return n < 10 ? otherwise : n;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
