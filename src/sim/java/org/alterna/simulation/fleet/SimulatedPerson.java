package org.alterna.simulation.fleet;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated person under a measure in Lima (synthetic: nobody real): a home on the street grid of a real district,
 * a workplace for those who work, the zone they must keep away from (the victim's home for a protection order),
 * the curfew the judge fixed and the measure type. Local coordinates are metres east ({@code x}) and north
 * ({@code y}) of the home. Deterministic for (seed, index).
 */
final class SimulatedPerson {
    /** The measure types of the orders API, cycled over the fleet so every type is present. */
    static final List<String> MEASURES = List.of("PRETRIAL_RESTRICTION", "SENTENCE_CONVERSION", "SEMI_LIBERTAD",
            "LIBERACION_CONDICIONAL", "HOUSE_ARREST", "PROTECTION_ORDER");

    /** Districts of Lima Metropolitana (centre of the residential area). */
    static final String[] DISTRICTS = {"Miraflores", "Lince", "San Juan de Lurigancho", "Santiago de Surco", "Breña",
        "Comas", "Villa El Salvador", "San Martín de Porres", "Ate", "La Victoria", "Los Olivos", "Chorrillos"};
    private static final double[][] CENTRES = {{-12.1211, -77.0301}, {-12.0830, -77.0350}, {-11.9800, -77.0030},
        {-12.1450, -76.9920}, {-12.0600, -77.0500}, {-11.9330, -77.0610}, {-12.2130, -76.9400},
        {-12.0000, -77.0830}, {-12.0260, -76.9200}, {-12.0730, -77.0160}, {-11.9690, -77.0730},
        {-12.1690, -77.0200}};
    private static final String[] GIVEN = {"José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "César", "Víctor",
        "Rosa", "María", "Ana", "Carmen", "Julio", "Pedro", "Wilmer", "Edwin", "Jhon", "Elmer", "Lucía", "Milagros"};
    private static final String[] SURNAMES = {"Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Rojas", "Huamán",
        "Mamani", "Vásquez", "Chávez", "Ramírez", "Torres", "Mendoza", "Castillo", "Díaz", "Gutiérrez", "Ccori",
        "Condori", "Paredes", "Salazar"};
    private static final String[] STREETS = {"Jr. Los Olivos", "Av. Los Próceres", "Calle Las Begonias",
        "Jr. Huáscar", "Av. Túpac Amaru", "Calle Los Pinos", "Jr. Cahuide", "Av. El Sol", "Psje. Santa Rosa",
        "Jr. Ayacucho"};

    final long seed;
    final int index;
    final String measure;
    final String district;
    final String givenNames;
    final String surnames;
    final String address;
    final double lat0;
    final double lon0;
    final double kx;
    final double ky;
    /** Orientation of the district's street grid. */
    final double angle;
    final double homeRadius;
    final boolean works;
    final double[] work;
    final String exclusionId;
    final double[] exclusion;
    final double exclusionRadius;
    final boolean victim;
    final double[] victimWork;
    /** Curfew (inclusion zone at home) in seconds of the local day; {@code to < from} wraps past midnight. */
    final int curfewFrom;
    final int curfewTo;
    final boolean houseArrest;

    SimulatedPerson(long seed, int index) {
        this.seed = seed;
        this.index = index;
        SplittableRandom r = new SplittableRandom(mix(seed, index, 0x9E37));
        this.measure = MEASURES.get(Math.floorMod(index, MEASURES.size()));
        int d = r.nextInt(CENTRES.length);
        this.district = DISTRICTS[d];
        this.lat0 = CENTRES[d][0] + r.nextDouble(-0.012, 0.012);
        this.lon0 = CENTRES[d][1] + r.nextDouble(-0.012, 0.012);
        this.kx = 111_320 * Math.cos(Math.toRadians(lat0));
        this.ky = 110_574;
        this.angle = r.nextDouble(0, Math.PI / 2);
        this.givenNames = GIVEN[r.nextInt(GIVEN.length)];
        this.surnames = SURNAMES[r.nextInt(SURNAMES.length)] + " " + SURNAMES[r.nextInt(SURNAMES.length)];
        this.address = STREETS[r.nextInt(STREETS.length)] + " " + (100 + r.nextInt(1900)) + ", " + district;
        this.houseArrest = measure.equals("HOUSE_ARREST");
        this.victim = measure.equals("PROTECTION_ORDER");
        this.homeRadius = Math.round(r.nextDouble(80, 150));
        this.works = !houseArrest && r.nextDouble() < 0.75;
        this.work = node(r, 1500, 5000, 0);
        double away = Math.atan2(-work[1], -work[0]) + r.nextDouble(-0.7, 0.7);
        double far = r.nextDouble(3000, 5500);
        this.exclusion = snap(far * Math.cos(away), far * Math.sin(away));
        this.exclusionRadius = Math.round(r.nextDouble(200, 400));
        this.exclusionId = victim ? "victim-home" : "exclusion";
        this.victimWork = snap(exclusion[0] + r.nextDouble(-1500, 1500), exclusion[1] + r.nextDouble(-1500, 1500));
        this.curfewFrom = houseArrest ? 0 : (20 + r.nextInt(3)) * 3600;
        this.curfewTo = houseArrest ? 0 : (5 + r.nextInt(2)) * 3600;
    }

    /** A point on the street grid (100 m blocks) at a random distance in [min, max] from {@code (0,0)}. */
    double[] node(SplittableRandom r, double min, double max, double around) {
        double a = r.nextDouble(0, 2 * Math.PI);
        double d = r.nextDouble(min, max);
        return snap(d * Math.cos(a) + around, d * Math.sin(a));
    }

    /** The nearest street corner (the grid is rotated by {@link #angle}). */
    double[] snap(double x, double y) {
        double gx = Math.round((x * Math.cos(angle) + y * Math.sin(angle)) / 100) * 100.0;
        double gy = Math.round((-x * Math.sin(angle) + y * Math.cos(angle)) / 100) * 100.0;
        return new double[] {gx * Math.cos(angle) - gy * Math.sin(angle), gx * Math.sin(angle) + gy * Math.cos(angle)};
    }

    double lat(double y) {
        return lat0 + y / ky;
    }

    double lon(double x) {
        return lon0 + x / kx;
    }

    double homeLat() {
        return lat0;
    }

    double homeLon() {
        return lon0;
    }

    /** Whether the curfew is in force at a second of the local day (house arrest: always). */
    boolean curfew(int secondOfDay) {
        if (houseArrest) {
            return true;
        }
        return curfewTo < curfewFrom ? secondOfDay >= curfewFrom || secondOfDay < curfewTo
                : secondOfDay >= curfewFrom && secondOfDay < curfewTo;
    }

    /** A synthetic DNI (8 digits) in a range no real document uses in the demo: 9xxxxxxx. */
    String dni() {
        return String.format("9%07d", Math.floorMod(seed * 7919 + index, 10_000_000L));
    }

    /** A 15-digit IMEI with a valid Luhn check digit, unique per (seed, index) within a fleet. */
    static String imei(long seed, int index, int role) {
        long body = 35_000_000_000_000L + Math.floorMod(seed, 1000) * 100_000_000L + index * 10L + role;
        String s = Long.toString(body);
        s = s.substring(s.length() - 14);
        return s + luhn(s);
    }

    private static int luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ (b + 0x632BE59BD9B4E019L) * 0xC2B2AE3D27D4EB4FL ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
    }
}
