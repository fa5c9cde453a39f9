package io.onex.perf;

import io.onex.host.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a run the new reference after an intentional performance change: writes it as
 * {@code results/reference-<date>.json} and points {@code baselines.json} at it, taking every
 * gated metric's {@code reference_ratio} from the run and keeping tolerances, reasons and floors.
 */
public final class ReferenceUpdate {

    private ReferenceUpdate() {
    }

    /**
     * Makes {@code run} the reference of the baselines in {@code perfDir}; returns the reference file.
     *
     * @throws IllegalArgumentException when the run is not a quick run or lacks a gated metric
     */
    @SuppressWarnings("unchecked")
    public static Path apply(RunResult run, Path perfDir) {
        if (!run.mode().equals("quick")) {
            throw new IllegalArgumentException("the gate runs the quick mode, so the reference must be a quick run, not "
                    + run.mode());
        }
        Path baselinesFile = perfDir.resolve("baselines.json");
        String name = "results/reference-" + LocalDate.ofInstant(run.date(), ZoneOffset.UTC) + ".json";
        try {
            Map<String, Object> baselines = new LinkedHashMap<>(Json.readObject(Files.readAllBytes(baselinesFile)));
            List<Map<String, Object>> limits = new ArrayList<>();
            for (Map<String, Object> limit : (List<Map<String, Object>>) baselines.get("ratio_limits")) {
                String metric = (String) limit.get("metric");
                Metric measured = run.metric(metric).orElseThrow(() -> new IllegalArgumentException(
                        "the run did not measure the gated metric " + metric));
                Map<String, Object> updated = new LinkedHashMap<>(limit);
                updated.put("reference_ratio", Math.round(measured.ratio() * 10_000.0) / 10_000.0);
                limits.add(updated);
            }
            baselines.put("reference", name);
            baselines.put("ratio_limits", limits);
            run.write(perfDir.resolve(name));
            Files.writeString(baselinesFile, Json.writePretty(baselines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Baselines.read(baselinesFile);
        return perfDir.resolve(name);
    }
}
