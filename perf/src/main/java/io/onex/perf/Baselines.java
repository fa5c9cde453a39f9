package io.onex.perf;

import io.onex.host.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the gate holds a run to (the committed {@code perf/baselines.json}): a ratio limit per
 * gated metric, taken from the reference run with a tolerance, and the milestone's absolute floors.
 *
 * @param reference   the reference run the ratios come from, as a path relative to {@code perf/}
 * @param ratioLimits the gated ratios
 * @param floors      the absolute targets
 */
public record Baselines(String reference, List<RatioLimit> ratioLimits, List<Floor> floors) {

    public Baselines {
        Objects.requireNonNull(reference, "reference");
        ratioLimits = List.copyOf(ratioLimits);
        floors = List.copyOf(floors);
    }

    /** Reads the baselines file. */
    @SuppressWarnings("unchecked")
    public static Baselines read(Path file) {
        Map<String, Object> json;
        try {
            json = Json.readObject(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Baselines((String) json.get("reference"),
                ((List<Map<String, Object>>) json.get("ratio_limits")).stream().map(RatioLimit::fromJson).toList(),
                ((List<Map<String, Object>>) json.get("floors")).stream().map(Floor::fromJson).toList());
    }
}
