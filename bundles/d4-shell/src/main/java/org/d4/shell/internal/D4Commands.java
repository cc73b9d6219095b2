// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatus;
import org.d4.api.registry.ServerMode;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;
import org.d4.api.security.UserException;
import org.d4.common.Uuids;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The operator's commands in scope {@code d4}, on the appliance's services only. Each returns its
 * answer as text (tables aligned); a refused request is one line naming what is wrong. Commands
 * with a dash in their name ({@code queue-create}, ...) are the methods without the dash
 * ({@code queuecreate}), given their dashed names by the shell profile.
 */
@Component(service = D4Commands.class, property = {"osgi.command.scope=d4",
        "osgi.command.function=sensors", "osgi.command.function=sensor", "osgi.command.function=pending",
        "osgi.command.function=approve", "osgi.command.function=reject", "osgi.command.function=delete",
        "osgi.command.function=kick", "osgi.command.function=blacklist", "osgi.command.function=types",
        "osgi.command.function=mode", "osgi.command.function=queues", "osgi.command.function=queuecreate",
        "osgi.command.function=queueedit", "osgi.command.function=queueempty", "osgi.command.function=queuedelete",
        "osgi.command.function=queuesample", "osgi.command.function=analyzers", "osgi.command.function=deadletters",
        "osgi.command.function=stats", "osgi.command.function=users", "osgi.command.function=useradd",
        "osgi.command.function=userdel", "osgi.command.function=token"})
public final class D4Commands {
    private final SensorRegistry registry;
    private final AccessPolicy policy;
    private final SensorStatistics statistics;
    private final QueueService queues;
    private final UserAdmin users;

    // optional: the commands work while the sensor port or the analyzer host is down
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IngestStatus ingest;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AnalyzerCatalog analyzers;

    @Activate
    public D4Commands(@Reference SensorRegistry registry, @Reference AccessPolicy policy, @Reference SensorStatistics statistics,
            @Reference QueueService queues, @Reference UserAdmin users) {
        this.registry = registry;
        this.policy = policy;
        this.statistics = statistics;
        this.queues = queues;
        this.users = users;
    }

    // ---- sensors

    @Descriptor("list the sensors the registry knows, with their status")
    public String sensors() {
        return run(() -> {
            Set<UUID> connected = connected();
            Table t = new Table("UUID", "STATUS", "CONNECTED", "LAST SEEN", "DESCRIPTION", "LAST ERROR");
            for (Sensor s : registry.sensors()) {
                t.row(s.uuid(), id(s.status()), connected.contains(s.uuid()) ? "yes" : "no",
                        statistics.seen(s.uuid()).map(seen -> seen.last().toString()).orElse("-"), s.description(),
                        s.lastError().map(e -> e.reason()).orElse("-"));
            }
            return t.toString();
        });
    }

    @Descriptor("show one sensor: settings, first and last seen, types, last addresses, last error")
    public String sensor(@Descriptor("the sensor's UUID") String uuid) {
        return run(() -> {
            UUID id = uuid(uuid);
            Sensor s = registry.sensor(id).orElseThrow(() -> new IllegalArgumentException("no such sensor: " + id));
            Table t = new Table("FIELD", "VALUE");
            t.row("uuid", s.uuid()).row("status", id(s.status())).row("connected", connected().contains(id) ? "yes" : "no")
                    .row("description", s.description()).row("mail", s.mail()).row("own key", s.hasKey() ? "yes" : "no")
                    .row("max buffered entries", s.maxBufferedEntries()).row("monitoring interval s", s.monitoringIntervalS())
                    .row("registered", s.registeredAt())
                    .row("first seen", statistics.seen(id).map(x -> x.first().toString()).orElse("-"))
                    .row("last seen", statistics.seen(id).map(x -> x.last().toString()).orElse("-"))
                    .row("types", statistics.seenTypes(id).keySet())
                    .row("last addresses", String.join(" ", statistics.lastAddresses(id)))
                    .row("last error", s.lastError().map(e -> e.at() + " " + e.reason()).orElse("-"))
                    .row("last unverified error", registry.lastUnverifiedError(id).map(e -> e.at() + " " + e.peer() + " " + e.reason()).orElse("-"));
            return t.toString();
        });
    }

    @Descriptor("list the sensors waiting for approval")
    public String pending() {
        return run(() -> {
            Table t = new Table("UUID", "REGISTERED", "DESCRIPTION", "MAIL");
            for (Sensor s : registry.sensors()) {
                if (s.status() == SensorStatus.PENDING) {
                    t.row(s.uuid(), s.registeredAt(), s.description(), s.mail());
                }
            }
            return t.toString();
        });
    }

    @Descriptor("approve a pending sensor")
    public String approve(@Descriptor("the sensor's UUID") String uuid) {
        return run(() -> "approved " + registry.approve(uuid(uuid)).uuid());
    }

    @Descriptor("reject a pending sensor")
    public String reject(@Descriptor("the sensor's UUID") String uuid) {
        return run(() -> {
            UUID id = uuid(uuid);
            Sensor s = registry.sensor(id).orElseThrow(() -> new IllegalArgumentException("no such sensor: " + id));
            if (s.status() != SensorStatus.PENDING) {
                throw new IllegalArgumentException("sensor " + id + " is " + id(s.status()) + ", not pending: use delete");
            }
            return "rejected " + registry.delete(id).uuid();
        });
    }

    @Descriptor("delete a sensor (its history stays) and disconnect it")
    public String delete(@Descriptor("the sensor's UUID") String uuid) {
        return run(() -> "deleted " + registry.delete(uuid(uuid)).uuid());
    }

    @Descriptor("close a sensor's connections and refuse it for 30 s")
    public String kick(@Descriptor("the sensor's UUID") String uuid) {
        return run(() -> {
            UUID id = uuid(uuid);
            registry.kick(id);
            return "kicked " + id + registry.kickedUntil(id).map(u -> " until " + u).orElse("");
        });
    }

    // ---- server policy

    @Descriptor("blacklisted UUIDs and addresses: blacklist uuid|ip list|add|remove [value]")
    public String blacklist(@Descriptor("uuid or ip") String kind, @Descriptor("list, add or remove") String action,
            @Descriptor("the UUIDs or addresses to add or remove") String... values) {
        return run(() -> {
            boolean uuids = switch (kind) {
                case "uuid" -> true;
                case "ip" -> false;
                default -> throw new IllegalArgumentException("blacklist what: uuid or ip, not " + kind);
            };
            if (action.equals("list")) {
                Table t = new Table(uuids ? "UUID" : "ADDRESS");
                (uuids ? policy.blacklistedUuids().stream().map(Object::toString).toList() : List.copyOf(policy.blacklistedIps()))
                        .forEach(t::row);
                return t.toString();
            }
            if (values.length == 0) {
                throw new IllegalArgumentException("blacklist " + kind + " " + action + " needs at least one " + kind);
            }
            StringBuilder out = new StringBuilder();
            for (String v : values) {
                boolean changed = switch (action) {
                    case "add" -> uuids ? policy.blacklist(uuid(v)) : policy.blacklist(address(v));
                    case "remove" -> uuids ? policy.unblacklist(uuid(v)) : policy.unblacklist(address(v));
                    default -> throw new IllegalArgumentException("blacklist action: list, add or remove, not " + action);
                };
                out.append(action.equals("add") ? (changed ? "blacklisted " : "already blacklisted ") : (changed ? "removed " : "not blacklisted "))
                        .append(v).append('\n');
            }
            return out.toString();
        });
    }

    @Descriptor("accepted types and extended types: types [list|add|remove] [type number or extended type name]")
    public String types(@Descriptor("list, add or remove (list when absent)") String... args) {
        return run(() -> {
            String action = args.length == 0 ? "list" : args[0];
            if (action.equals("list")) {
                Table t = new Table("TYPE", "KIND");
                policy.acceptedTypes().forEach(n -> t.row(n, "type"));
                policy.acceptedExtendedTypes().stream().sorted().forEach(e -> t.row(e, "extended type (254)"));
                return t.toString();
            }
            if (args.length < 2) {
                throw new IllegalArgumentException("types " + action + " needs a type number or an extended type name");
            }
            StringBuilder out = new StringBuilder();
            for (String v : Arrays.asList(args).subList(1, args.length)) {
                boolean numeric = v.matches("[0-9]{1,3}");
                boolean changed = switch (action) {
                    case "add" -> numeric ? policy.acceptType(Integer.parseInt(v)) : policy.acceptExtendedType(v);
                    case "remove" -> numeric ? policy.refuseType(Integer.parseInt(v)) : policy.refuseExtendedType(v);
                    default -> throw new IllegalArgumentException("types action: list, add or remove, not " + action);
                };
                out.append(changed ? (action.equals("add") ? "accepted " : "refused ") : "unchanged ").append(v).append('\n');
            }
            return out.toString();
        });
    }

    @Descriptor("the server mode: mode, mode registration, mode shared-secret <default key>")
    public String mode(@Descriptor("registration or shared-secret, then for shared-secret the default key") String... args) {
        return run(() -> {
            if (args.length > 0) {
                ServerMode mode = ServerMode.fromId(args[0]);
                if (args.length > 2) {
                    throw new IllegalArgumentException("mode takes a mode and at most one key");
                }
                policy.setMode(mode, args.length == 2 ? args[1] : null);
            }
            return "mode " + policy.mode().id() + (policy.defaultKey().isPresent() ? " (default key set)" : " (no default key)") + "\n";
        });
    }

    // ---- queues

    @Descriptor("list the analyzer queues with their counters")
    public String queues() {
        return run(() -> {
            Table t = new Table("UUID", "TYPE", "SENSORS", "LENGTH", "MAX", "IN", "OUT", "DROPPED", "DEAD", "OWNER", "DESCRIPTION");
            for (QueueInfo q : queues.queues()) {
                t.row(q.uuid(), q.selector().key(), q.selector().sensors().isEmpty() ? "all" : q.selector().sensors().size(), q.length(),
                        q.maxSize(), q.in(), q.out(), q.dropped(), q.deadLetters(), q.owner().orElse("-"), q.description());
            }
            return t.toString();
        });
    }

    @Descriptor("create an analyzer queue (queue-create)")
    public String queuecreate(
            @Descriptor("its maximum length") @Parameter(names = {"-m", "--max-size"}, absentValue = "10000") int maxSize,
            @Descriptor("what it is for") @Parameter(names = {"-d", "--description"}, absentValue = "") String description,
            @Descriptor("only the data of these sensors, comma-separated UUIDs") @Parameter(names = {"-s", "--sensors"}, absentValue = "") String sensors,
            @Descriptor("the type (a number) or, for type 254, the extended type name") String type) {
        return run(() -> {
            QueueSelector selector = selector(type).withSensors(sensorSet(sensors));
            QueueInfo q = queues.create(new QueueSpec(selector, description, maxSize, Optional.empty()));
            return "created " + q.uuid() + " (" + q.listName() + ")\n";
        });
    }

    @Descriptor("change a queue's maximum length, description or sensor group (queue-edit)")
    public String queueedit(
            @Descriptor("new maximum length") @Parameter(names = {"-m", "--max-size"}, absentValue = "0") int maxSize,
            @Descriptor("new description") @Parameter(names = {"-d", "--description"}, absentValue = "\u0000") String description,
            @Descriptor("new sensor group, comma-separated UUIDs; 'all' for every sensor") @Parameter(names = {"-s", "--sensors"}, absentValue = "") String sensors,
            @Descriptor("the queue's UUID") String uuid) {
        return run(() -> {
            QueueChange change = new QueueChange(description.equals("\u0000") ? Optional.empty() : Optional.of(description),
                    maxSize == 0 ? Optional.empty() : Optional.of(maxSize),
                    sensors.isEmpty() ? Optional.empty() : Optional.of(sensors.equals("all") ? Set.of() : sensorSet(sensors)));
            if (change.isEmpty()) {
                throw new IllegalArgumentException("nothing to change: give -m, -d and/or -s");
            }
            QueueInfo q = queues.update(uuid(uuid), change);
            return "changed " + q.uuid() + ": max " + q.maxSize() + ", sensors "
                    + (q.selector().sensors().isEmpty() ? "all" : q.selector().sensors().size()) + ", '" + q.description() + "'\n";
        });
    }

    @Descriptor("drop every item of a queue (queue-empty)")
    public String queueempty(@Descriptor("the queue's UUID") String uuid) {
        return run(() -> "removed " + queues.empty(uuid(uuid)) + " items\n");
    }

    @Descriptor("delete a queue with its items (queue-delete)")
    public String queuedelete(@Descriptor("the queue's UUID") String uuid) {
        return run(() -> {
            queues.delete(uuid(uuid));
            return "deleted " + uuid + "\n";
        });
    }

    @Descriptor("show the oldest items of a queue, leaving them in place (queue-sample)")
    public String queuesample(@Descriptor("how many") @Parameter(names = {"-n", "--count"}, absentValue = "10") int count,
            @Descriptor("the queue's UUID") String uuid) {
        return run(() -> {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("-n must be 1 to 1000");
            }
            Table t = new Table("SEQUENCE", "SENSOR", "DATA");
            for (QueueItem i : queues.items(uuid(uuid), 0, count)) {
                t.row(i.sequence(), i.sensor(), i.text());
            }
            return t.toString();
        });
    }

    // ---- analyzers

    @Descriptor("list the analyzers: deployed or away, queue, lag, rate, failures")
    public String analyzers() {
        return run(() -> {
            Table t = new Table("NAME", "DEPLOYED", "BUNDLE", "QUEUE", "LAG", "ITEMS/S", "DELIVERED", "FAILURES", "DEAD", "LAST ERROR");
            for (AnalyzerStatus a : catalog().analyzers()) {
                t.row(a.name(), a.deployed() ? "yes" : "no", a.deployed() ? a.bundle() + " [" + a.bundleId() + "]" : "-", a.queue(), a.lag(),
                        String.format(Locale.ROOT, "%.1f", a.itemsPerSecond()), a.delivered(), a.failures(), a.deadLetters(),
                        a.lastError().orElse("-"));
                // the analyzer's own counters (an exporter's connection, say) below the table
                t.note(a.details().isEmpty() ? null : a.name() + ": " + String.join(" ", a.details().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            return t.toString();
        });
    }

    @Descriptor("an analyzer's dead letters: deadletters <analyzer> [list|replay|discard] [ids, all when none]")
    public String deadletters(@Descriptor("the analyzer's name") String analyzer,
            @Descriptor("list (default), replay or discard, then dead letter ids") String... args) {
        return run(() -> {
            String action = args.length == 0 ? "list" : args[0];
            List<Long> ids = Arrays.stream(args).skip(1).map(D4Commands::number).toList();
            return switch (action) {
                case "list" -> {
                    Table t = new Table("ID", "ATTEMPTS", "AT", "ERROR", "DATA");
                    for (DeadLetter d : catalog().deadLetters(analyzer, 1000)) {
                        t.row(d.id(), d.attempts(), d.at(), d.error(), d.item().text());
                    }
                    yield t.toString();
                }
                case "replay" -> "replayed " + catalog().replay(analyzer, ids) + "\n";
                case "discard" -> "discarded " + catalog().discard(analyzer, ids) + "\n";
                default -> throw new IllegalArgumentException("deadletters action: list, replay or discard, not " + action);
            };
        });
    }

    // ---- statistics

    @Descriptor("frames of a UTC day per sensor and per type")
    public String stats(@Descriptor("the day, YYYY-MM-DD") @Parameter(names = {"-d", "--day"}, absentValue = "") String day) {
        return run(() -> {
            LocalDate date = day.isEmpty() ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(day);
            SortedMap<String, Long> frames = statistics.framesPerSensor(date);
            SortedMap<String, Long> bytes = statistics.bytesPerSensor(date);
            Table sensors = new Table("SENSOR", "FRAMES", "BYTES");
            frames.forEach((s, n) -> sensors.row(s, n, bytes.getOrDefault(s, 0L)));
            Table types = new Table("TYPE", "FRAMES");
            statistics.framesPerType(date).forEach(types::row);
            return "frames on " + date + " (connected now: " + connected().size() + ")\n" + sensors + "\n" + types;
        });
    }

    // ---- users

    @Descriptor("list the users with their roles and API token ids")
    public String users() {
        return run(() -> {
            Table t = new Table("NAME", "ROLES", "TOKENS", "PASSWORD");
            for (UserAdmin.UserInfo u : users.users()) {
                t.row(u.name(), String.join(",", u.roles().stream().map(Role::id).sorted().toList()), String.join(",", u.tokenIds()),
                        u.passwordChangeRequired() ? "must change" : "set");
            }
            return t.toString();
        });
    }

    @Descriptor("create a user (user-add)")
    public String useradd(@Descriptor("login name") String name, @Descriptor("password") String password,
            @Descriptor("roles: admin, user, sensor-register") String... roles) {
        return run(() -> {
            if (roles.length == 0) {
                throw new IllegalArgumentException("give at least one role: admin, user, sensor-register");
            }
            Set<Role> set = EnumSet.noneOf(Role.class);
            for (String r : roles) {
                set.add(Role.fromId(r));
            }
            return "created user " + users.createUser(name, password.toCharArray(), set).name() + "\n";
        });
    }

    @Descriptor("delete a user (user-del)")
    public String userdel(@Descriptor("login name") String name) {
        return run(() -> {
            users.deleteUser(name);
            return "deleted user " + name + "\n";
        });
    }

    @Descriptor("API tokens: token <user> create, token <user> revoke <token id>")
    public String token(@Descriptor("login name") String user, @Descriptor("create or revoke") String action,
            @Descriptor("for revoke: the token id") String... id) {
        return run(() -> switch (action) {
            case "create" -> "token for " + user + " (shown once): " + users.createToken(user) + "\n";
            case "revoke" -> {
                if (id.length != 1) {
                    throw new IllegalArgumentException("token " + user + " revoke needs one token id");
                }
                if (!users.revokeToken(user, id[0])) {
                    throw new IllegalArgumentException("user " + user + " has no token " + id[0]);
                }
                yield "revoked token " + id[0] + " of " + user + "\n";
            }
            default -> throw new IllegalArgumentException("token action: create or revoke, not " + action);
        });
    }

    // ---- helpers

    /** Runs a command; what the services refuse becomes one line (Gogo prints the message, no stack trace). */
    static String run(Supplier<String> command) {
        try {
            return command.get();
        } catch (RegistryException | QueueException | UserException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("invalid day (YYYY-MM-DD): " + e.getParsedString());
        }
    }

    private AnalyzerCatalog catalog() {
        AnalyzerCatalog catalog = analyzers;
        if (catalog == null) {
            throw new IllegalStateException("the analyzer host is not running");
        }
        return catalog;
    }

    private Set<UUID> connected() {
        IngestStatus status = ingest;
        return status == null ? Set.of() : status.connectedSensors();
    }

    static String id(SensorStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static UUID uuid(String text) {
        return Uuids.parseCanonical(text).orElseThrow(() -> new IllegalArgumentException("invalid UUID: " + text));
    }

    static QueueSelector selector(String type) {
        try {
            if (type.matches("[0-9]{1,3}")) {
                return QueueSelector.of(Integer.parseInt(type));
            }
            return QueueSelector.extended(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid queue type '" + type + "': " + e.getMessage());
        }
    }

    static Set<UUID> sensorSet(String commaSeparated) {
        Set<UUID> set = new LinkedHashSet<>();
        for (String s : commaSeparated.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                set.add(uuid(s));
            }
        }
        return set;
    }

    static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a dead letter id: " + text);
        }
    }

    /** An IPv4 or IPv6 literal; never a host name (no DNS lookups from the shell). */
    static InetAddress address(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !text.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
    }
}
