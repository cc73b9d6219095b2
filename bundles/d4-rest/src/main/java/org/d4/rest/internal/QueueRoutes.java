// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.FeedStatus;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueFeed;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.api.security.Role;

/**
 * Analyzer queues and analyzers. Taking items ({@code pop}) needs only the role {@code user}: it is
 * how external analyzers read data, and they should not hold an administrator's token.
 */
final class QueueRoutes {
    /** The length of a queue created without {@code max_size}. */
    static final int DEFAULT_MAX_SIZE = 10_000;
    private static final String ID = "([^/]+)";

    private final QueueService queues;
    private final Supplier<AnalyzerCatalog> analyzers;
    private final Supplier<List<QueueFeed>> feeds;

    QueueRoutes(QueueService queues, Supplier<AnalyzerCatalog> analyzers, Supplier<List<QueueFeed>> feeds) {
        this.queues = queues;
        this.analyzers = analyzers;
        this.feeds = feeds;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/queues", Role.USER, c -> queues.queues().stream().map(QueueRoutes::view).toList()),
                Route.of("POST", "/queues", Role.ADMIN, this::create),
                Route.of("GET", "/queues/" + ID, Role.USER, c -> view(queue(c))),
                Route.of("PUT", "/queues/" + ID, Role.ADMIN, this::update),
                Route.of("DELETE", "/queues/" + ID, Role.ADMIN, c -> {
                    queues.delete(c.uuidParam(0));
                    return Map.of("status", "ok");
                }),
                Route.of("POST", "/queues/" + ID + "/empty", Role.ADMIN, c -> Map.of("status", "ok", "removed", queues.empty(c.uuidParam(0)))),
                Route.of("GET", "/queues/" + ID + "/sample", Role.USER, c -> items(queues.items(c.uuidParam(0), 0, count(c, 10, 1000)))),
                Route.of("POST", "/queues/" + ID + "/pop", Role.USER, c -> items(queues.poll(c.uuidParam(0), count(c, 1, 10_000)))),
                Route.of("GET", "/queues/" + ID + "/deadletters", Role.USER, c -> deadLetters(queues.deadLetters(c.uuidParam(0), count(c, 100, 10_000)))),
                Route.of("POST", "/queues/" + ID + "/deadletters/replay", Role.ADMIN, c -> replayed(queues.replayDeadLetters(c.uuidParam(0), ids(c)))),
                Route.of("POST", "/queues/" + ID + "/deadletters/discard", Role.ADMIN, c -> discarded(queues.discardDeadLetters(c.uuidParam(0), ids(c)))),

                Route.of("GET", "/analyzers", Role.USER, c -> catalog().analyzers().stream().map(QueueRoutes::view).toList()),
                Route.of("GET", "/analyzers/" + ID, Role.USER, c -> view(catalog().analyzer(c.param(0))
                        .orElseThrow(() -> ApiError.notFound("no such analyzer: " + c.param(0))))),
                Route.of("GET", "/analyzers/" + ID + "/deadletters", Role.USER, c -> deadLetters(catalog().deadLetters(c.param(0), count(c, 100, 10_000)))),
                Route.of("POST", "/analyzers/" + ID + "/deadletters/replay", Role.ADMIN, c -> replayed(catalog().replay(c.param(0), ids(c)))),
                Route.of("POST", "/analyzers/" + ID + "/deadletters/discard", Role.ADMIN, c -> discarded(catalog().discard(c.param(0), ids(c)))),
                Route.of("GET", "/feeds", Role.USER, c -> feeds.get().stream().map(f -> view(f.status())).toList()));
    }

    private AnalyzerCatalog catalog() {
        AnalyzerCatalog catalog = analyzers.get();
        if (catalog == null) {
            throw new ApiError(503, "the analyzer host is not running");
        }
        return catalog;
    }

    private QueueInfo queue(Call c) {
        UUID uuid = c.uuidParam(0);
        return queues.queue(uuid).orElseThrow(() -> ApiError.notFound("no such queue: " + uuid));
    }

    private Object create(Call c) {
        JsonNode body = c.body();
        if (!body.isObject()) {
            throw ApiError.badRequest("missing parameter: type");
        }
        String extended = c.optionalText("extended_type");
        JsonNode typeNode = body.get("type");
        int type;
        if (typeNode == null || typeNode.isNull()) {
            if (extended == null) {
                throw ApiError.badRequest("missing parameter: type");
            }
            type = 254;
        } else {
            type = typeNumber(typeNode);
        }
        Set<UUID> sensors = sensors(body.get("sensors")).orElse(Set.of());
        Integer max = c.optionalInt("max_size");
        try {
            QueueSelector selector = new QueueSelector(type, Optional.ofNullable(extended == null || extended.isEmpty() ? null : extended), sensors);
            return view(queues.create(new QueueSpec(selector, c.optionalText("description"), max == null ? DEFAULT_MAX_SIZE : max, Optional.empty())));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private Object update(Call c) {
        UUID uuid = c.uuidParam(0);
        if (c.body().has("type") || c.body().has("extended_type")) {
            throw ApiError.badRequest("the type of a queue cannot change; create another queue");
        }
        QueueChange change = new QueueChange(Optional.ofNullable(c.optionalText("description")), Optional.ofNullable(c.optionalInt("max_size")),
                sensors(c.body().get("sensors")));
        if (change.isEmpty()) {
            throw ApiError.badRequest("nothing to change: give description, max_size and/or sensors");
        }
        return view(queues.update(uuid, change));
    }

    private static int typeNumber(JsonNode node) {
        int type;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            type = node.asInt();
        } else if (node.isTextual() && node.asText().matches("[0-9]{1,3}")) {
            type = Integer.parseInt(node.asText());
        } else {
            throw ApiError.badRequest("invalid type: " + node);
        }
        if (type < 1 || type > 254) {
            throw ApiError.badRequest("invalid type: " + type + " (1 to 254)");
        }
        return type;
    }

    private static Optional<Set<UUID>> sensors(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("sensors must be an array of sensor UUIDs");
        }
        if (node.size() > 10_000) {
            throw ApiError.badRequest("at most 10000 sensors in a group");
        }
        Set<UUID> result = new LinkedHashSet<>();
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                throw ApiError.badRequest("sensors must be an array of sensor UUIDs");
            }
            result.add(Call.uuid(s.asText(), "sensor uuid"));
        }
        return Optional.of(result);
    }

    private static int count(Call c, int absent, int max) {
        String n = c.query().apply("n");
        if (n == null || n.isEmpty()) {
            return absent;
        }
        if (!n.matches("[0-9]{1,9}") || Integer.parseInt(n) < 1 || Integer.parseInt(n) > max) {
            throw ApiError.badRequest("n must be 1 to " + max + ", not " + n);
        }
        return Integer.parseInt(n);
    }

    private static List<Long> ids(Call c) {
        JsonNode node = c.body().get("ids");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("ids must be an array of dead letter ids (or absent for all)");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw ApiError.badRequest("ids must be an array of dead letter ids");
            }
            ids.add(id.asLong());
        }
        if (ids.isEmpty()) {
            throw ApiError.badRequest("ids is empty: leave it out to mean all dead letters");
        }
        return ids;
    }

    static Map<String, Object> view(QueueInfo q) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uuid", q.uuid().toString());
        v.put("type", q.selector().type());
        v.put("extended_type", q.selector().extendedType().orElse(null));
        v.put("sensors", q.selector().sensors().stream().map(UUID::toString).sorted().toList());
        v.put("description", q.description());
        v.put("max_size", q.maxSize());
        v.put("owner", q.owner().orElse(null));
        v.put("list_name", q.listName());
        v.put("length", q.length());
        v.put("in", q.in());
        v.put("out", q.out());
        v.put("dropped", q.dropped());
        v.put("dead_letters", q.deadLetters());
        v.put("last_update", q.lastUpdate().map(Object::toString).orElse(null));
        return v;
    }

    static Map<String, Object> view(AnalyzerStatus a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", a.name());
        v.put("deployed", a.deployed());
        v.put("bundle", a.bundle());
        v.put("bundle_id", a.bundleId());
        v.put("queue", a.queue().toString());
        v.put("lag", a.lag());
        v.put("delivered", a.delivered());
        v.put("failures", a.failures());
        v.put("dead_letters", a.deadLetters());
        v.put("items_per_second", Math.round(a.itemsPerSecond() * 100) / 100.0);
        v.put("last_error", a.lastError().orElse(null));
        v.put("last_delivery", a.lastDelivery().map(Object::toString).orElse(null));
        Map<String, Object> details = new LinkedHashMap<>();
        // numbers and booleans as they are, anything else (times, text) as text
        a.details().forEach((k, d) -> details.put(k, d instanceof Number || d instanceof Boolean ? d : d.toString()));
        v.put("details", details);
        return v;
    }

    static Map<String, Object> view(FeedStatus f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", f.name());
        v.put("origin", f.origin());
        v.put("problem", f.problem().orElse(null));
        v.put("sources", f.sources().stream().map(s -> {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("name", s.name());
            source.put("type", s.data().type());
            source.put("extended_type", s.data().extendedType().orElse(null));
            source.put("partitions", s.partitions());
            source.put("lag", s.lag() < 0 ? null : s.lag());
            source.put("taken", s.taken());
            source.put("units_per_second", Math.round(s.unitsPerSecond() * 100) / 100.0);
            return source;
        }).toList());
        Map<String, Object> details = new LinkedHashMap<>();
        f.details().forEach((k, d) -> details.put(k, d instanceof Number || d instanceof Boolean ? d : d.toString()));
        v.put("details", details);
        return v;
    }

    private static List<Map<String, Object>> items(List<QueueItem> items) {
        return items.stream().map(QueueRoutes::item).toList();
    }

    private static Map<String, Object> item(QueueItem i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sequence", i.sequence());
        v.put("sensor", i.sensor().toString());
        v.put("time", i.epochSecond());
        Optional<String> text = utf8(i.data());
        v.put("encoding", text.isPresent() ? "utf-8" : "base64");
        v.put("data", text.orElseGet(() -> Base64.getEncoder().encodeToString(i.data())));
        return v;
    }

    private static List<Map<String, Object>> deadLetters(List<DeadLetter> letters) {
        return letters.stream().map(d -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", d.id());
            v.put("attempts", d.attempts());
            v.put("error", d.error());
            v.put("at", d.at().toString());
            v.put("item", item(d.item()));
            return v;
        }).toList();
    }

    private static Map<String, Object> replayed(int n) {
        return Map.of("status", "ok", "replayed", n);
    }

    private static Map<String, Object> discarded(int n) {
        return Map.of("status", "ok", "discarded", n);
    }

    /** Lines and paths are shown as text; anything that is not valid UTF-8 as base64. */
    private static Optional<String> utf8(byte[] data) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
