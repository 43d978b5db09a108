package org.alterna.alarms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response protocols: the checklist the desk works through for each alarm type, read from
 * {@code alarm-protocols.json} (texts in Spanish and English).
 */
@Component
class ResponseProtocols {
    record StepText(String key, String es, String en) {
    }

    private final Map<String, List<StepText>> byType = new LinkedHashMap<>();

    ResponseProtocols(AlarmSettings settings, JsonMapper json) {
        String location = settings.protocols();
        Resource resource = new DefaultResourceLoader().getResource(location);
        try (InputStream in = resource.getInputStream()) {
            JsonNode root = json.readTree(in);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("_")) {
                    continue;
                }
                List<StepText> steps = new ArrayList<>();
                for (JsonNode s : e.getValue()) {
                    steps.add(new StepText(s.get("key").asString(), s.get("es").asString(), s.get("en").asString()));
                }
                byType.put(e.getKey(), List.copyOf(steps));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alarm protocols from " + location, e);
        }
        if (!byType.containsKey("DEFAULT")) {
            throw new IllegalStateException("alarm protocols need a DEFAULT checklist");
        }
    }

    List<StepText> forType(String type) {
        return byType.getOrDefault(type, byType.get("DEFAULT"));
    }

    StepText step(String type, String key) {
        return forType(type).stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }
}
