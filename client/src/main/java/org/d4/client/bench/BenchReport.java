// SPDX-License-Identifier: Apache-2.0
package org.d4.client.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of a load run, for people and for scripts. */
record BenchReport(BenchOptions options, double seconds, long payloadBytes, long frames, long connectionErrors,
        long connectRetries, Map<String, Double> latencyMicros, List<String> errors) {

    double megabytesPerSecond() {
        return payloadBytes / seconds / 1e6;
    }

    double framesPerSecond() {
        return frames / seconds;
    }

    String human() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(java.util.Locale.ROOT, "%d sensors, %d-byte frames, type %d, %.1f s: %.1f MB/s payload, %.0f frames/s, %d connection errors, %d connects retried",
                options.sensors(), options.frameSize(), options.type(), seconds, megabytesPerSecond(), framesPerSecond(), connectionErrors,
                connectRetries));
        if (latencyMicros != null) {
            text.append("\nframe hand-off latency (µs): ").append(latencyMicros);
        }
        errors.forEach(e -> text.append("\nerror: ").append(e));
        return text.toString();
    }

    String json() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sensors", options.sensors());
        v.put("frame_size", options.frameSize());
        v.put("type", options.type());
        v.put("seconds", seconds);
        v.put("payload_bytes", payloadBytes);
        v.put("frames", frames);
        v.put("mb_per_s", megabytesPerSecond());
        v.put("frames_per_s", framesPerSecond());
        v.put("connection_errors", connectionErrors);
        v.put("connect_retries", connectRetries);
        if (latencyMicros != null) {
            v.put("latency_us", latencyMicros);
        }
        try {
            return new ObjectMapper().writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
