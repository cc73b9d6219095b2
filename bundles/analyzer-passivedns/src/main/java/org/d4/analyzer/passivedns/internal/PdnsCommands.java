// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code pdns:query}, {@code pdns:stats} and {@code pdns:import} in the Gogo shell. The command
 * properties are written out rather than taken from {@code @GogoCommand}, whose requirement on the
 * Gogo runtime would keep the analyzer from resolving in an image without the shell.
 */
@Component(service = PdnsCommands.class, property = {"osgi.command.scope=pdns", "osgi.command.function=query",
        "osgi.command.function=stats", "osgi.command.function=import"})
public final class PdnsCommands {
    static final int DEFAULT_LIMIT = 100;

    private final PassiveDns pdns;
    private final ApplianceDirs dirs;

    @Activate
    public PdnsCommands(@Reference PassiveDns pdns, BundleContext context) {
        this(pdns, ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)));
    }

    PdnsCommands(PassiveDns pdns, ApplianceDirs dirs) {
        this.pdns = pdns;
        this.dirs = dirs;
    }

    @Descriptor("records of a name (*.example.com, www.example.* too), of an address or of a network, as COF lines")
    public String query(
            @Descriptor("only these types, e.g. A,AAAA") @Parameter(names = {"-t", "--type"}, absentValue = "") String type,
            @Descriptor("at most this many records (default 100)") @Parameter(names = {"-n", "--limit"}, absentValue = "100") long limit,
            @Descriptor("the records whose data the name or address is (fquery)") @Parameter(names = {"-f", "--full"}, presentValue = "true",
                    absentValue = "false") boolean full,
            @Descriptor("name, address or network") String target) throws IOException {
        Map<String, String[]> parameters = new HashMap<>();
        if (!type.isBlank()) {
            parameters.put("rrtype", new String[] {type});
        }
        parameters.put("limit", new String[] {Long.toString(limit)});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PassiveDns.Page page;
        try {
            QueryParser.Request request = pdns.parser().parse(target, full, parameters, h -> null);
            try (CofWriter writer = pdns.cofWriter(out)) {
                page = pdns.query(request, writer);
            }
        } catch (BadRequest e) {
            return "bad query: " + e.getMessage();
        }
        String records = out.toString(StandardCharsets.UTF_8);
        if (page.served() == 0) {
            return "no records";
        }
        return records + (page.nextCursor() != 0 ? "(" + page.served() + " shown, more exist: raise -n)" : "(" + page.served() + " records)");
    }

    @Descriptor("lines, records, sensors and the distributions of types, classes and TTLs")
    public String stats() {
        return StatisticsText.of(pdns.statistics(), pdns.types());
    }

    @Descriptor("load a COF dump (newline-delimited JSON) into the store")
    public String _import(@Descriptor("the file, absolute or relative to the image root") String file) throws IOException, InterruptedException {
        Path path = dirs.resolve(file);
        if (!Files.isRegularFile(path)) {
            return "no such file: " + path;
        }
        try (InputStream in = Files.newInputStream(path)) {
            CofImporter.Outcome o = pdns.importCof(in, Long.MAX_VALUE);
            return "imported " + o.imported() + " records from " + o.lines() + " lines of " + path + (o.malformed() == 0 ? ""
                    : "; " + o.malformed() + " malformed (first: " + o.firstError() + ")");
        } catch (BadRequest e) {
            return "import stopped: " + e.getMessage();
        }
    }
}
