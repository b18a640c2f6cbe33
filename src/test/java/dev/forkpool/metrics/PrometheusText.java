package dev.forkpool.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus text format, parsed just enough to assert on samples and HELP lines. */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(String label, String expected) {
            return expected.equals(labels.get(label));
        }
    }

    final List<Sample> samples = new ArrayList<>();
    final Set<String> help = new HashSet<>();

    PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                help.add(line.split(" ")[2]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with this name and these labels (name, value pairs). */
    double value(String name, String... labels) {
        List<Sample> matching = named(name).stream()
                .filter(s -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!s.has(labels[i], labels[i + 1])) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + matching);
        }
        return matching.getFirst().value();
    }
}
