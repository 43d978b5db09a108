package org.alterna.simulation.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator.Generated;
import org.alterna.simulation.tracks.LimaTrackGenerator.PresenceLabel;
import org.alterna.simulation.tracks.LimaTrackGenerator.Profile;
import org.alterna.supervision.HomePresence;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's profiles: the standard tracks never move (the published figures stay reproducible), the harsh ones
 * hold the conditions they promise, and both survive the scenario file.
 */
class TrackProfilesTest {
    /**
     * SHA-256 of the scenario and truth files of four standard seeds (3 days): the standard profile's output for a seed
     * must never change. The tracks are those generated before the harsh profile existed; the digests were taken again
     * when the files came to be written by Jackson (pretty-printed) instead of by hand, after checking that every value
     * of those files, and of harsh ones, was the same as in the hand-written ones.
     */
    static final Map<Long, String> STANDARD_DIGESTS = Map.of(
            20260302L, "44ddf12809a88574af7b5bf0fb86e21f819d16a9e5b6ecf3ea9879734ccb77ad",
            20260317L, "2dcc45841ff1a8e02b421480c2b36720eb4fbfb838c3120a48d88df7f6dfe238",
            777026L, "40c57c873aa6ff65dfce02b594a61a4c84ea7ae42b99fdfaae0f3df11bcd1923",
            3L, "cf68b6681ec23c865dc4343fd445979711aac14e4dd9d61dc36a9f704d0b4146");

    @Test
    void theStandardProfileIsByteForByteWhatItWas() throws Exception {
        for (var e : STANDARD_DIGESTS.entrySet()) {
            Generated g = LimaTrackGenerator.generate(e.getKey(), 3);
            assertThat(g.profile()).isEqualTo(Profile.STANDARD);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(LimaTrackGenerator.scenarioJson(g).getBytes(StandardCharsets.UTF_8));
            md.update(LimaTrackGenerator.truthJson(g).getBytes(StandardCharsets.UTF_8));
            assertThat(HexFormat.of().formatHex(md.digest())).as("seed %d", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void harshTracksHoldTheirConditions() {
        int devices = 40;
        int fixes = 0;
        int withoutAccuracy = 0;
        int lbs = 0;
        int lateOverAnHour = 0;
        int beaconFixes = 0;
        Map<String, Integer> reporting = new TreeMap<>();
        Map<String, Integer> quality = new TreeMap<>();
        Map<String, Integer> kits = new TreeMap<>();
        Map<String, Integer> presence = new TreeMap<>();
        int unitReports = 0;
        for (long seed = 5000; seed < 5000 + devices; seed++) {
            Generated g = LimaTrackGenerator.generate(seed, 3, Profile.HARSH);
            assertThat(g.name()).isEqualTo("lima-harsh-" + seed);
            reporting.merge(g.traits().reporting(), 1, Integer::sum);
            quality.merge(g.traits().quality(), 1, Integer::sum);
            kits.merge(g.traits().homeKit(), 1, Integer::sum);
            for (Fix f : g.fixes()) {
                fixes++;
                if (f.accuracyMeters() == null) {
                    withoutAccuracy++;
                    assertThat(f.satellites()).as("a tag without accuracy says its satellites").isNotNull();
                }
                lbs += f.source() == Fix.PositionSource.LBS ? 1 : 0;
                lateOverAnHour += f.serverTime().getEpochSecond() - f.deviceTime().getEpochSecond() > 3600 ? 1 : 0;
                if (f.io().containsKey(HomePresence.BEACON_ID_IO)) {
                    beaconFixes++;
                    assertThat(g.homePresence()).isNotNull();
                }
                assertThat(f.serverTime()).isAfterOrEqualTo(f.deviceTime());
            }
            if (g.homePresence() == null) {
                assertThat(g.traits().homeKit()).isEqualTo("none");
                assertThat(g.presenceViolations()).isEmpty();
            } else {
                assertThat(g.homePresence().kind() == HomePresence.Kind.RF_HOME_UNIT)
                        .isEqualTo(!g.homeUnitFixes().isEmpty());
            }
            unitReports += g.homeUnitFixes().size();
            for (PresenceLabel l : g.presenceViolations()) {
                presence.merge(l.type(), 1, Integer::sum);
                assertThat(l.end()).isAfter(l.start());
            }
        }
        // every reporting mode, every way of stating quality and every kind of home equipment occurs
        assertThat(reporting).containsKeys("every 15 s", "every 30 s", "every 60 s", "on motion");
        assertThat(quality).containsKeys("accuracy", "hdop+satellites", "satellites");
        assertThat(kits).containsKeys("none", "iBeacon", "Eddystone", "RF home unit");
        assertThat(presence).containsKeys(PresenceLabel.LOST, PresenceLabel.UNPOWERED, PresenceLabel.MOVED);
        assertThat((double) withoutAccuracy / fixes).isBetween(0.15, 0.7);
        assertThat(lbs).isPositive();
        assertThat(lateOverAnHour).as("uploads more than an hour late").isPositive();
        assertThat(beaconFixes).isPositive();
        assertThat(unitReports).isPositive();
    }

    @Test
    void harshIndoorMultipathIsFiveToNinePercentOfTheFixesAndMostlyOptimistic() {
        // the error model alone, as the harsh profile draws it, indoors at rest
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        for (double share : new double[] {0.05, 0.09}) {
            GpsError e = new GpsError(GpsError.burstChanceFor(share), 100, 450, 0.75);
            int far = 0;
            int optimistic = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                e.next(true, false, rnd);
                if (Math.hypot(e.dx(), e.dy()) > 90) {
                    far++;
                    optimistic += e.accuracy() <= 20 ? 1 : 0;
                }
            }
            assertThat((double) far / n).as("share %.2f", share).isBetween(share * 0.85, share * 1.15);
            assertThat((double) optimistic / far).isBetween(0.5, 0.7);
        }
    }

    @Test
    void aHarshScenarioFileKeepsHdopSatellitesBeaconsAndTheHomeUnit(@TempDir Path dir) throws Exception {
        long seed = pickSeed();
        Path[] files = LimaTrackGenerator.writeScenario(dir, seed, 2, Profile.HARSH);
        Generated g = LimaTrackGenerator.generate(seed, 2, Profile.HARSH);
        Scenario parsed = ScenarioParser.parse(files[0]);
        assertThat(parsed.homePresence()).isNotNull();
        assertThat(parsed.homePresence().kind()).isEqualTo(g.homePresence().kind());
        assertThat(parsed.homePresence().beaconId()).isEqualTo(g.homePresence().beaconId());
        assertThat(parsed.homePresence().lostMinutes()).isEqualTo(HomePresence.DEFAULT_LOST_MINUTES);
        assertThat(parsed.fixes()).hasSameSizeAs(g.fixes());
        for (int i = 0; i < g.fixes().size(); i++) {
            Fix a = g.fixes().get(i);
            Fix b = parsed.fixes().get(i);
            assertThat(b.io()).isEqualTo(a.io());
            assertThat(b.hdop()).isEqualTo(a.hdop());
            assertThat(b.satellites()).isEqualTo(a.satellites());
            assertThat(b.accuracyMeters()).isEqualTo(a.accuracyMeters());
            assertThat(b.serverTime()).isEqualTo(a.serverTime());
        }
        assertThat(parsed.homeUnitFixes()).hasSameSizeAs(g.homeUnitFixes());
        for (int i = 0; i < g.homeUnitFixes().size(); i++) {
            assertThat(parsed.homeUnitFixes().get(i).io()).isEqualTo(g.homeUnitFixes().get(i).io());
        }
        // today's scorer reads the truth file and leaves the presence labels to the engine work
        String truth = Files.readString(files[1]);
        assertThat(truth).contains("\"homePresence\"");
        assertThat(Scorer.Truth.parse(files[1]).violations()).containsExactlyElementsOf(g.truth().violations());
    }

    /** A seed whose harsh device has an RF home unit or a beacon with labelled presence. */
    private static long pickSeed() {
        for (long seed = 9000; ; seed++) {
            Generated g = LimaTrackGenerator.generate(seed, 2, Profile.HARSH);
            if (g.homePresence() != null && !g.presenceViolations().isEmpty()
                    && g.fixes().stream().anyMatch(f -> f.hdop() != null || !f.io().isEmpty())) {
                return seed;
            }
        }
    }
}
