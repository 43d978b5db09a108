package org.alterna.simulation.fleet;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Demo mode's prison register: a synthetic register of the whole prison population (every person labelled
 * synthetic, see {@link RegisterGenerator}) imported through the API, first triaged under the 2020 rule set (DL 1514)
 * and then under the 2023 one (DL 1585), so that the console shows candidates, the overcrowding projection and who
 * changed with the newer decree and why. Runs after the fleet has started; skipped when a register exists.
 *
 * <p>Settings: {@code alterna.demo.register.scale} (1.0 = INPE's 103,717 people; 0 = no register).
 */
final class RegisterDemo {
    private static final Logger log = LoggerFactory.getLogger(RegisterDemo.class);
    static final String FIRST = "PE-2020-DL1514";
    static final String LATEST = "PE-2023-DL1585";

    private RegisterDemo() {
    }

    /** Seeds the register; a failure is logged, never fatal for the demo. */
    static void seed(Registrar api, Environment env, long seed) {
        double scale = env.getProperty("alterna.demo.register.scale", Double.class, 1.0);
        if (scale <= 0) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            Registrar.Response existing = api.call("GET", "/api/v1/eligibility/candidates?size=1", null);
            if (!existing.ok() || existing.json().path("total").asLong(0) > 0) {
                return;
            }
            LocalDate today = LocalDate.now(Registrar.LIMA);
            Map<String, String[]> courts = new LinkedHashMap<>();
            for (RegisterGenerator.Establishment e : RegisterGenerator.establishments()) {
                for (int k = 0; k < 3; k++) {
                    courts.putIfAbsent(RegisterGenerator.court(e, k), new String[] {e.department(), e.region()});
                }
            }
            for (Map.Entry<String, String[]> c : courts.entrySet()) {
                if (api.call("GET", "/api/v1/courts/" + c.getKey(), null).status() == 200) {
                    continue;
                }
                api.call("POST", "/api/v1/courts", Map.of("code", c.getKey(), "name", "Juzgado de Investigación "
                        + "Preparatoria de " + c.getValue()[0] + " (sintético)", "judicialDistrict", c.getValue()[0],
                        "region", c.getValue()[1]));
            }
            activate(api, FIRST);
            String csv = RegisterGenerator.csv(seed, scale, today);
            Registrar.Response job = api.send("POST", "/api/v1/eligibility/register/imports?mode=replace", csv,
                    "text/csv");
            if (job.status() != 202) {
                log.warn("Demo mode: synthetic register not imported: {}", job);
                return;
            }
            String id = job.json().get("id").stringValue();
            JsonNode state = job.json();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                state = api.call("GET", "/api/v1/eligibility/register/imports/" + id, null).json();
                String s = state.path("state").asString("");
                if (s.equals("DONE") || s.equals("FAILED")) {
                    break;
                }
                Thread.sleep(250);
            }
            if (!"DONE".equals(state.path("state").asString(""))) {
                log.warn("Demo mode: synthetic register import {}: {}", state.path("state").asString("?"),
                        state.path("message").asString(""));
                return;
            }
            JsonNode run = activate(api, LATEST);
            log.info("Demo mode: synthetic prison register of {} people imported and triaged ({}); under {} {} people "
                            + "changed; {} s", state.path("rows").asInt(), state.path("byStatus"), LATEST,
                    run == null ? "?" : run.path("changed").asLong(), Math.round((System.nanoTime() - t0) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Demo mode: synthetic register not seeded: {}", e.getMessage());
        }
    }

    /** Activates the stored rule set with this code (re-evaluates the register); the run, or null. */
    private static JsonNode activate(Registrar api, String code) {
        Registrar.Response sets = api.call("GET", "/api/v1/eligibility/rule-sets", null);
        if (!sets.ok()) {
            return null;
        }
        for (JsonNode s : sets.json()) {
            if (code.equals(s.path("code").asString(""))) {
                if (s.path("active").asBoolean(false)) {
                    return null;
                }
                Registrar.Response r = api.call("POST", "/api/v1/eligibility/rule-sets/" + s.get("version").asInt()
                        + "/activation", null);
                return r.ok() ? r.json().path("run") : null;
            }
        }
        return null;
    }
}
