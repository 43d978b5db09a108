package org.alterna.simulation.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A synthetic prison register for demos and benchmarks — no real register is public. Every person is invented and
 * labelled {@code synthetic}; their internal ids start with {@code SIM-} and their DNIs with 7.
 *
 * <p>Per establishment the register follows INPE's published figures of the bundled CSV (31 Jan 2026): as many people
 * as its population (times {@code scale}), procesados in the establishment's own share, and sex: everyone in a
 * women's establishment (name with "Mujeres", and the Chorrillos establishments Virgen de Fátima and Virgen de la
 * Merced) is a woman; in the others women make up what is left of INPE's national share of women (6.0 %: 4,396 of
 * 73,255, Informe Estadístico, March 2015). Ages, offences, penalties and the priority facts follow simple
 * distributions stated below (assumptions shaped like INPE's tables, not figures): the demo needs plausible
 * variety, not statistics.
 */
public final class RegisterGenerator {
    /** INPE, Informe Estadístico, March 2015: 4,396 women of 73,255 people held. */
    static final double NATIONAL_FEMALE_SHARE = 4_396.0 / 73_255.0;
    static final String BUNDLED_CSV = "/reference/inpe_establishments.csv";
    public static final String HEADER = "internal_id,dni,given_names,surnames,birth_date,sex,penal_centre,"
            + "legal_status,offences,served_days,court_code,expediente,sentence_stage,penalty_months,prior_convictions,"
            + "recidivist,pregnant,child_under_3,serious_illness,permanent_disability,synthetic";

    /** An establishment as the generator needs it. */
    public record Establishment(int index, String code, String name, String region, String department,
            int population, int procesados, boolean womenOnly) {
        /** How the register names it: the INPE code, or the name for the four establishments without one. */
        String reference() {
            return code == null || code.isBlank() ? name : code;
        }
    }

    /** An offence (Código Penal article), its weight among people held, and its penalty range in years. */
    record Offence(String article, double weight, int minYears, int maxYears) {
    }

    // Roughly the most frequent offences of people held in Peru (assumption, shaped like INPE's tables).
    static final List<Offence> OFFENCES = List.of(
            new Offence("189", 24, 12, 20), new Offence("188", 4, 3, 8), new Offence("186", 8, 3, 6),
            new Offence("185", 2, 1, 3), new Offence("173", 9, 20, 35), new Offence("170", 5, 14, 20),
            new Offence("176-A", 3, 6, 12), new Offence("296", 11, 8, 15), new Offence("298", 3, 3, 7),
            new Offence("108", 4, 15, 35), new Offence("106", 3, 6, 20), new Offence("111", 1, 1, 6),
            new Offence("121", 2, 4, 8), new Offence("122", 2, 2, 5), new Offence("149", 5, 1, 3),
            new Offence("279-G", 4, 6, 10), new Offence("200", 3, 10, 15), new Offence("196", 2, 1, 6),
            new Offence("317", 2, 8, 15), new Offence("152", 1, 20, 30), new Offence("153", 1, 8, 15),
            new Offence("384", 1, 3, 15));
    // Age bands (from, to, weight) of people held (assumption).
    static final int[][] AGES = {{18, 24, 18}, {25, 29, 20}, {30, 34, 18}, {35, 39, 14}, {40, 44, 10}, {45, 49, 7},
        {50, 54, 5}, {55, 59, 4}, {60, 64, 2}, {65, 69, 1}, {70, 84, 1}};
    static final String[] MEN = {"Juan", "José", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "Víctor", "César",
        "Julio", "Raúl", "Manuel", "Walter", "Edwin", "Wilmer", "Richard", "Jhon", "Kevin", "Brayan", "Alex"};
    static final String[] WOMEN = {"María", "Rosa", "Ana", "Carmen", "Luz", "Juana", "Gladys", "Elizabeth", "Milagros",
        "Sofía", "Patricia", "Yolanda", "Flor", "Karina", "Jessica", "Diana", "Lucía", "Katherine", "Nancy", "Ruth"};
    static final String[] SURNAMES = {"Quispe", "Flores", "Sánchez", "Rodríguez", "García", "Huamán", "Mamani",
        "Ramos", "Torres", "Chávez", "Díaz", "Vásquez", "Mendoza", "Castillo", "Rojas", "Cruz", "Gutiérrez",
        "Condori", "Vargas", "Ramírez", "Salazar", "Paredes", "Ccama", "Ticona", "Espinoza", "Palomino"};

    private RegisterGenerator() {
    }

    /** The 69 establishments of the bundled CSV, in file order. */
    public static List<Establishment> establishments() {
        List<Establishment> out = new ArrayList<>();
        try (InputStream in = RegisterGenerator.class.getResourceAsStream(BUNDLED_CSV)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUNDLED_CSV);
            }
            int i = 0;
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String name = r.get("name");
                boolean women = name.contains("Mujeres") || name.contains("Fátima") || name.contains("Merced");
                out.add(new Establishment(i++, r.get("code").isBlank() ? null : r.get("code"), name,
                        r.get("regional_office"), r.get("department"), Integer.parseInt(r.get("population")),
                        Integer.parseInt(r.get("procesados")), women));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Share of women in establishments that are not women's, so that the nation adds up to INPE's share. */
    static double mixedFemaleShare(List<Establishment> all) {
        long total = 0;
        long womenOnly = 0;
        for (Establishment e : all) {
            total += e.population();
            if (e.womenOnly()) {
                womenOnly += e.population();
            }
        }
        return Math.max(0, (NATIONAL_FEMALE_SHARE * total - womenOnly) / (total - womenOnly));
    }

    /** Court of a case: the demo's three Lima courts for Lima, one per department elsewhere. */
    public static String court(Establishment e, int person) {
        if (e.department().equals("Lima")) {
            return "JIP-LIMA-0" + (1 + Math.floorMod(person, 3));
        }
        return "JIP-" + slug(e.department()) + "-01";
    }

    static String slug(String s) {
        String ascii = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-");
    }

    /** How many people of an establishment the register has at {@code scale}. */
    static int people(Establishment e, double scale) {
        return (int) Math.round(e.population() * scale);
    }

    /** Writes the whole register (header first), deterministic for a seed. */
    public static void write(Appendable out, long seed, double scale, LocalDate today) {
        List<Establishment> all = establishments();
        double mixedFemale = mixedFemaleShare(all);
        double totalWeight = OFFENCES.stream().mapToDouble(Offence::weight).sum();
        int ageWeight = 0;
        for (int[] band : AGES) {
            ageWeight += band[2];
        }
        int dni = 0;
        try {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.split(",")).get());
            for (Establishment e : all) {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + e.index());
                int n = people(e, scale);
                int procesados = (int) Math.round(n * (double) e.procesados() / Math.max(1, e.population()));
                for (int k = 0; k < n; k++) {
                    boolean woman = e.womenOnly() || random.nextDouble() < mixedFemale;
                    boolean procesado = k < procesados;
                    int age = age(random, ageWeight);
                    LocalDate birth = today.minusYears(age).minusDays(random.nextInt(365));
                    Offence main = offence(random, totalWeight);
                    String offences = main.article();
                    if (random.nextDouble() < 0.10) {
                        Offence second = offence(random, totalWeight);
                        if (!second.article().equals(main.article())) {
                            offences += ";" + second.article();
                        }
                    }
                    Integer penalty = procesado ? main.maxYears() * 12
                            : main.minYears() * 12 + random.nextInt((main.maxYears() - main.minYears()) * 12 + 1);
                    if (random.nextDouble() < 0.03) {
                        penalty = null; // the register does not know it yet: the person needs review
                    }
                    int served = procesado ? 30 + random.nextInt(690)
                            : penalty == null ? random.nextInt(1500) : random.nextInt(Math.max(1, (int) (penalty * 30.4 * 0.9)));
                    String stage = procesado ? "" : random.nextDouble() < 0.05 ? "imposed" : "execution";
                    int priors = random.nextDouble() < 0.25 ? 1 + random.nextInt(3) : 0;
                    String recidivist = "";
                    if (priors > 0) {
                        double p = random.nextDouble();
                        recidivist = p < 0.4 ? "true" : p < 0.7 ? "false" : "";
                    }
                    boolean pregnant = woman && age <= 44 && random.nextDouble() < 0.03;
                    boolean child = random.nextDouble() < (woman ? 0.12 : 0.03);
                    boolean illness = random.nextDouble() < (age >= 60 ? 0.15 : 0.03);
                    boolean disability = random.nextDouble() < 0.02;
                    String given = woman ? WOMEN[random.nextInt(WOMEN.length)] : MEN[random.nextInt(MEN.length)];
                    String surnames = SURNAMES[random.nextInt(SURNAMES.length)] + " "
                            + SURNAMES[random.nextInt(SURNAMES.length)];
                    String court = court(e, k);
                    String expediente = String.format("%05d-%d-0-%04d-JR-PE-01", 1 + random.nextInt(99_999),
                            today.getYear() - 1 - random.nextInt(5), 1000 + 17 * e.index() % 9000);
                    csv.printRecord(String.format("SIM-%02d-%06d", e.index(), k), String.format("7%07d", dni++),
                            given, surnames, birth, woman ? "F" : "M", e.reference(),
                            procesado ? "procesado" : "condenado", offences, served, court, expediente, stage,
                            penalty == null ? "" : penalty, priors, recidivist, pregnant, child, illness, disability,
                            true);
                }
            }
            csv.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The whole register as one string. */
    public static String csv(long seed, double scale, LocalDate today) {
        StringBuilder b = new StringBuilder(Math.max(1024, (int) (140 * 104_000 * Math.min(scale, 2))));
        write(b, seed, scale, today);
        return b.toString();
    }

    private static int age(SplittableRandom random, int totalWeight) {
        int pick = random.nextInt(totalWeight);
        for (int[] band : AGES) {
            pick -= band[2];
            if (pick < 0) {
                return band[0] + random.nextInt(band[1] - band[0] + 1);
            }
        }
        return 30;
    }

    private static Offence offence(SplittableRandom random, double totalWeight) {
        double pick = random.nextDouble() * totalWeight;
        for (Offence o : OFFENCES) {
            pick -= o.weight();
            if (pick < 0) {
                return o;
            }
        }
        return OFFENCES.get(0);
    }
}
