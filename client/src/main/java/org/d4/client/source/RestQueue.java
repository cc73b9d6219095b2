// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.d4.client.config.QueueAddress;
import org.d4.client.net.TlsContexts;

/**
 * A queue popped over a D4 appliance's REST API: {@code POST /api/v1/queues/<uuid>/pop?n=} with the
 * token. The server is always verified, since the token is a credential: against {@code rest_ca.crt}
 * in the configuration directory when that file exists (an appliance's self-signed certificate),
 * otherwise against the JVM's trusted CAs; its host name is checked either way.
 */
final class RestQueue implements ItemQueue {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE = 64 << 20;

    private final QueueAddress address;
    private final Path caFile;
    private HttpClient http;

    RestQueue(QueueAddress address, Path caFile) {
        this.address = address;
        this.caFile = caFile;
    }

    @Override
    public List<byte[]> pop(int max) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(address.server() + "/api/v1/queues/" + address.name() + "/pop?n=" + max))
                .timeout(Duration.ofSeconds(30)).header("Authorization", address.token()).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
        if (response.body().length > MAX_RESPONSE) {
            throw new IOException(request.uri() + " answered with more than " + MAX_RESPONSE + " bytes");
        }
        List<byte[]> items = new ArrayList<>();
        for (JsonNode item : JSON.readTree(response.body())) {
            String data = item.path("data").asText();
            items.add("base64".equals(item.path("encoding").asText()) ? Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8));
        }
        return items;
    }

    private synchronized HttpClient client() throws IOException {
        if (http == null) {
            SSLContext tls;
            try {
                tls = Files.exists(caFile) ? TlsContexts.trusting(caFile) : SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException("no default TLS in this JVM", e);
            }
            http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build();
        }
        return http;
    }

    @Override
    public void close() {
        // HttpClient keeps no resource that outlives its requests here
    }
}
