package dev.flags.experiment;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExposureEvent;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes experiment events as one-line JSON objects. */
final class EventJson {

    private EventJson() {}

    static String exposure(ExposureEvent exposure) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"type\":\"exposure\",\"time\":");
        string(json, exposure.time().toString());
        json.append(",\"flag\":");
        string(json, exposure.flagKey());
        json.append(",\"variant\":");
        string(json, exposure.variant());
        json.append(",\"targetingKey\":");
        string(json, exposure.targetingKey());
        json.append(",\"reason\":");
        string(json, exposure.reason().name());
        if (exposure.ruleId() != null) {
            json.append(",\"rule\":");
            string(json, exposure.ruleId());
        }
        if (!exposure.covariates().isEmpty()) {
            json.append(",\"covariates\":{");
            boolean first = true;
            for (java.util.Map.Entry<String, Double> covariate :
                    exposure.covariates().entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, covariate.getKey());
                json.append(':').append(covariate.getValue());
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    static String conversion(ConversionEvent conversion) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"type\":\"conversion\",\"time\":");
        string(json, conversion.time().toString());
        json.append(",\"conversion\":");
        string(json, conversion.name());
        json.append(",\"targetingKey\":");
        value(json, conversion.context().targetingKey());
        if (conversion.value() != null) {
            json.append(",\"value\":");
            value(json, conversion.value());
        }
        if (!conversion.details().isEmpty()) {
            json.append(",\"details\":{");
            boolean first = true;
            for (Map.Entry<String, Object> attribute : new java.util.TreeMap<>(conversion.details()).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, attribute.getKey());
                json.append(':');
                value(json, attribute.getValue());
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void value(StringBuilder json, @Nullable Object value) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            json.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            json.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else {
            string(json, value.toString());
        }
    }

    private static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
