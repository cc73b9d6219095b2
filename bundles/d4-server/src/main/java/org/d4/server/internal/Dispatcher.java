// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Chooses the payload handler of each new session: among the handlers registered for its type
 * (and extended type), the one with the highest service ranking. Handlers come and go at run time;
 * a session keeps the handler it started with.
 */
@Component(service = Dispatcher.class)
public final class Dispatcher {

    private record Candidate(PayloadHandler handler, int[] types, String[] extendedTypes, int ranking, long serviceId) {
        boolean handles(int type, Optional<String> extended) {
            if (types != null && Arrays.stream(types).noneMatch(t -> t == type)) {
                return false;
            }
            return extendedTypes == null || extended.isEmpty() || Arrays.asList(extendedTypes).contains(extended.get());
        }
    }

    private final List<Candidate> candidates = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(PayloadHandler handler, Map<String, Object> properties) {
        candidates.add(new Candidate(handler, ints(properties.get(PayloadHandler.TYPES)), strings(properties.get(PayloadHandler.EXTENDED_TYPES)),
                properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0, (Long) properties.get(Constants.SERVICE_ID)));
    }

    void removeHandler(PayloadHandler handler) {
        candidates.removeIf(c -> c.handler() == handler);
    }

    /** Opens the session with the best handler; IOException when none handles it (the connection is then refused). */
    PayloadSession open(SessionInfo info) throws IOException {
        Candidate best = candidates.stream().filter(c -> c.handles(info.type(), info.extendedType()))
                .max(Comparator.comparingInt(Candidate::ranking).thenComparing(Comparator.comparingLong(Candidate::serviceId).reversed()))
                .orElseThrow(() -> new IOException("no worker handles type " + info.type()
                        + info.extendedType().map(e -> " (" + e + ")").orElse("") + " on this server"));
        return best.handler().open(info);
    }

    static int[] ints(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof int[] array) {
            return array;
        }
        if (value instanceof Integer[] boxed) {
            return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
        if (value instanceof Number n) {
            return new int[] {n.intValue()};
        }
        if (value instanceof String[] texts) {
            return Arrays.stream(texts).mapToInt(Integer::parseInt).toArray();
        }
        return new int[] {Integer.parseInt(value.toString())};
    }

    static String[] strings(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof String[] array ? array : new String[] {value.toString()};
    }
}
