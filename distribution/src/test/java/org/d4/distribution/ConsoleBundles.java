// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.d4.itest.Appliance;

/** The bundle list as the web console reports it ({@code /system/console/bundles.json}). */
final class ConsoleBundles {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Info(long id, String symbolicName, String version, String state) {}

    private ConsoleBundles() {
    }

    static JsonNode all(Appliance d4) throws IOException, InterruptedException {
        HttpResponse<String> response = d4.get("/system/console/bundles.json", d4.adminCredentials());
        if (response.statusCode() != 200) {
            throw new IOException("bundles.json answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    static Optional<Info> find(Appliance d4, String symbolicName) {
        try {
            for (JsonNode b : all(d4).path("data")) {
                if (symbolicName.equals(b.path("symbolicName").asText())) {
                    return Optional.of(new Info(b.path("id").asLong(), symbolicName, b.path("version").asText(), b.path("state").asText()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
