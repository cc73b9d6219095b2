// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueItem;

/** The dead letters of a queue or an analyzer, as the queue and analyzer pages both show them, and queue items in short. */
final class DeadLetterSection {
    private static final int SHOWN_BYTES = 300;

    private DeadLetterSection() {
    }

    /** The start of an item as text, or its size when it is binary. */
    static String preview(QueueItem item) {
        byte[] data = item.data();
        for (int i = 0; i < Math.min(data.length, SHOWN_BYTES); i++) {
            int b = data[i] & 0xff;
            if (b < 0x09 || b > 0x0d && b < 0x20) {
                return "(" + Fmt.bytes(data.length) + " of binary data)";
            }
        }
        String text = new String(data, 0, Math.min(data.length, SHOWN_BYTES), StandardCharsets.UTF_8);
        return data.length > SHOWN_BYTES ? text + " … (" + Fmt.bytes(data.length) + ")" : text;
    }

    /** The dead letters with replay and discard buttons (for admins) posting to the page {@code label}. */
    static void render(StringBuilder out, ConsoleUser user, List<DeadLetter> letters, String label, String field, String owner) {
        D4Page.section(out, "d4-dead-letters", "Dead letters");
        if (letters.isEmpty()) {
            out.append("<p class='d4-muted'>None.</p>");
            D4Page.endSection(out);
            return;
        }
        out.append("<table class='d4-table'><thead><tr><th>Id</th><th>Attempts</th><th>Error</th><th>Set aside</th><th>Data</th><th></th></tr></thead><tbody>");
        for (DeadLetter d : letters) {
            out.append("<tr><td>").append(d.id()).append("</td><td>").append(d.attempts()).append("</td><td class='d4-error'>").append(Fmt.esc(d.error()))
                    .append("</td><td>").append(Fmt.time(d.at())).append("</td><td><code>").append(Fmt.esc(preview(d.item()))).append("</code></td><td class='d4-actions'>");
            if (user.isAdmin()) {
                out.append(Fmt.button(label, user, "replay", "Replay", "d4-small", null, field, owner, "ids", Long.toString(d.id())))
                        .append(Fmt.button(label, user, "discard", "Discard", "d4-danger d4-small", "Discard dead letter " + d.id() + "?", field, owner,
                                "ids", Long.toString(d.id())));
            }
            out.append("</td></tr>");
        }
        out.append("</tbody></table>");
        if (user.isAdmin()) {
            out.append("<div class='d4-buttons'>").append(Fmt.button(label, user, "replay", "Replay all", "", null, field, owner))
                    .append(Fmt.button(label, user, "discard", "Discard all", "d4-danger", "Discard every dead letter?", field, owner)).append("</div>");
        }
        D4Page.endSection(out);
    }
}
