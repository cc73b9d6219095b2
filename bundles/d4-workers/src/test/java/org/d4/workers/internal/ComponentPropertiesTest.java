// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The service properties the server's dispatcher chooses handlers by, as bnd wrote them into the component descriptions. */
class ComponentPropertiesTest {

    @Test
    void eachTypeHasItsHandler() throws Exception {
        assertEquals(Map.of("d4.types", "1", "service.ranking", "0"), properties(PcapHandler.class));
        assertEquals(Map.of("d4.types", "3 4 6 8 254", "service.ranking", "0"), properties(LineHandler.class));
        assertEquals(Map.of("d4.types", "254", "d4.extended.types", "ja3-jl", "service.ranking", "10", "save.certificates", "true",
                "max.certificate.bytes", "65536"), properties(Ja3JsonLineHandler.class));
        assertEquals(Map.of("service.ranking", "-1000"), properties(RawArchiveHandler.class));
    }

    private static Map<String, String> properties(Class<?> component) throws Exception {
        try (InputStream in = ComponentPropertiesTest.class.getResourceAsStream("/OSGI-INF/" + component.getName() + ".xml")) {
            assertNotNull(in, "no component description for " + component.getName());
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("property");
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element p = (Element) nodes.item(i);
                String value = p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim().replaceAll("\\s+", " ");
                properties.put(p.getAttribute("name"), value);
            }
            return properties;
        }
    }
}
