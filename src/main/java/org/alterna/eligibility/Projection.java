package org.alterna.eligibility;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What moving a share of the eligible people (or of those in a priority group) to electronic monitoring would do,
 * per establishment, per INPE regional office and nationally: capacity, population and occupancy now and after;
 * the devices, installers and monitoring-centre staff needed; prison against monitoring cost per day, month and
 * year. Pure arithmetic, no I/O.
 *
 * <p>Per establishment, moved = the share of its pool rounded half up; regions and the nation add up their
 * establishments. Resources are computed on the area's total: devices = ⌈moved × devices per person⌉, staff =
 * ⌈moved ÷ people per staff member⌉, installers = ⌈moved ÷ (installations per day × roll-out days)⌉. A month is
 * 365/12 days.
 */
final class Projection {
    static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);
    static final BigDecimal MONTHS_PER_YEAR = BigDecimal.valueOf(12);

    private Projection() {
    }

    /** Who may be moved: every eligible person, or only those in a priority group (Código Penal art. 29-A.5). */
    enum Group { ALL, PRIORITY }

    record CentreInput(long id, String code, String name, String region, String department, double lat, double lon,
            int capacity, int population, long registered, long eligible, long eligiblePriority, long needsReview) {
        long pool(Group group) {
            return group == Group.PRIORITY ? eligiblePriority : eligible;
        }
    }

    /** Population against capacity; percentages to one decimal (null without capacity). */
    record Occupancy(long capacity, long population, Double occupancyPercent, Double overcrowdingPercent) {
        static Occupancy of(long capacity, long population) {
            if (capacity <= 0) {
                return new Occupancy(capacity, population, null, null);
            }
            double occupancy = BigDecimal.valueOf(population * 100L).divide(BigDecimal.valueOf(capacity), 1,
                    RoundingMode.HALF_UP).doubleValue();
            double over = BigDecimal.valueOf((population - capacity) * 100L).divide(BigDecimal.valueOf(capacity), 1,
                    RoundingMode.HALF_UP).doubleValue();
            return new Occupancy(capacity, population, occupancy, over);
        }
    }

    record CentreResult(CentreInput centre, long pool, long moved, Occupancy now, Occupancy projected) {
    }

    record Resources(long people, long devices, long installers, long monitoringStaff) {
    }

    /** Soles for the people moved: in prison, under monitoring, and the difference, per day, month and year. */
    record Costs(BigDecimal prisonPerDay, BigDecimal monitoringPerDay, BigDecimal savingPerDay,
            BigDecimal prisonPerMonth, BigDecimal monitoringPerMonth, BigDecimal savingPerMonth,
            BigDecimal prisonPerYear, BigDecimal monitoringPerYear, BigDecimal savingPerYear) {
    }

    record Area(String name, int centres, long registered, long eligible, long eligiblePriority, long needsReview,
            long pool, long moved, Occupancy now, Occupancy projected, Resources resources, Costs costs) {
    }

    record Result(double share, Group group, List<CentreResult> centres, List<Area> regions, Area nation) {
    }

    static Result project(List<CentreInput> centres, double share, Group group, EligibilitySettings settings) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1");
        }
        BigDecimal s = BigDecimal.valueOf(share);
        List<CentreResult> results = new ArrayList<>();
        for (CentreInput c : centres) {
            long pool = c.pool(group);
            long moved = s.multiply(BigDecimal.valueOf(pool)).setScale(0, RoundingMode.HALF_UP).longValue();
            moved = Math.min(moved, c.population());
            results.add(new CentreResult(c, pool, moved, Occupancy.of(c.capacity(), c.population()),
                    Occupancy.of(c.capacity(), c.population() - moved)));
        }
        Map<String, List<CentreResult>> byRegion = new LinkedHashMap<>();
        results.stream().sorted(Comparator.comparing(r -> r.centre().region()))
                .forEach(r -> byRegion.computeIfAbsent(r.centre().region(), k -> new ArrayList<>()).add(r));
        List<Area> regions = new ArrayList<>();
        byRegion.forEach((name, list) -> regions.add(area(name, list, settings)));
        return new Result(share, group, results, regions, area("Perú", results, settings));
    }

    static Area area(String name, List<CentreResult> list, EligibilitySettings settings) {
        long capacity = 0;
        long population = 0;
        long registered = 0;
        long eligible = 0;
        long priority = 0;
        long review = 0;
        long pool = 0;
        long moved = 0;
        for (CentreResult r : list) {
            capacity += r.centre().capacity();
            population += r.centre().population();
            registered += r.centre().registered();
            eligible += r.centre().eligible();
            priority += r.centre().eligiblePriority();
            review += r.centre().needsReview();
            pool += r.pool();
            moved += r.moved();
        }
        return new Area(name, list.size(), registered, eligible, priority, review, pool, moved,
                Occupancy.of(capacity, population), Occupancy.of(capacity, population - moved),
                resources(moved, settings), costs(moved, settings));
    }

    static Resources resources(long moved, EligibilitySettings settings) {
        long devices = BigDecimal.valueOf(settings.devicesPerPerson()).multiply(BigDecimal.valueOf(moved))
                .setScale(0, RoundingMode.CEILING).longValue();
        long perInstaller = (long) settings.installationsPerInstallerPerDay() * settings.rolloutDays();
        return new Resources(moved, devices, ceilDiv(moved, perInstaller),
                ceilDiv(moved, settings.peoplePerMonitoringStaff()));
    }

    static Costs costs(long moved, EligibilitySettings settings) {
        BigDecimal people = BigDecimal.valueOf(moved);
        BigDecimal prison = settings.prisonCostPerDay().multiply(people);
        BigDecimal monitoring = settings.monitoringCostPerDay().multiply(people);
        BigDecimal saving = prison.subtract(monitoring);
        return new Costs(money(prison), money(monitoring), money(saving), month(prison), month(monitoring),
                month(saving), money(prison.multiply(DAYS_PER_YEAR)), money(monitoring.multiply(DAYS_PER_YEAR)),
                money(saving.multiply(DAYS_PER_YEAR)));
    }

    private static BigDecimal month(BigDecimal perDay) {
        return perDay.multiply(DAYS_PER_YEAR).divide(MONTHS_PER_YEAR, 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
