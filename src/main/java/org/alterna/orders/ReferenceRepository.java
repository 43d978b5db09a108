package org.alterna.orders;

import static org.alterna.common.Sql.date;
import static org.alterna.common.Sql.doubleOrNull;
import static org.alterna.common.Sql.instant;
import static org.alterna.common.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Courts, judges, people and penal centres. */
@Repository
class ReferenceRepository {
    private final JdbcClient jdbc;

    ReferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- penal centres ----

    List<PenalCentre> penalCentres() {
        return jdbc.sql("SELECT * FROM penal_centre ORDER BY regional_office, name").query((rs, n) -> penalCentre(rs, n)).list();
    }

    Optional<PenalCentre> penalCentre(long id) {
        return jdbc.sql("SELECT * FROM penal_centre WHERE id = :id").param("id", id).query((rs, n) -> penalCentre(rs, n)).optional();
    }

    Optional<PenalCentre> penalCentreByCode(String code) {
        return jdbc.sql("SELECT * FROM penal_centre WHERE code = :code").param("code", code)
                .query((rs, n) -> penalCentre(rs, n)).optional();
    }

    Optional<PenalCentre> penalCentreByName(String name) {
        return jdbc.sql("SELECT * FROM penal_centre WHERE name = :name").param("name", name)
                .query((rs, n) -> penalCentre(rs, n)).optional();
    }

    long insertPenalCentre(PenalCentre c, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO penal_centre (code, name, regional_office, department, city, lat, lon, capacity, population,
                    procesados, sentenciados, figures_date, source, updated_at)
                VALUES (:code, :name, :ro, :dep, :city, :lat, :lon, :cap, :pop, :proc, :sent, :fd, :src, :at)""")
                .param("code", c.code()).param("name", c.name()).param("ro", c.regionalOffice())
                .param("dep", c.department()).param("city", c.city()).param("lat", c.lat()).param("lon", c.lon())
                .param("cap", c.capacity()).param("pop", c.population()).param("proc", c.procesados())
                .param("sent", c.sentenciados()).param("fd", c.figuresDate()).param("src", c.source())
                .param("at", utc(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    void updatePenalCentre(long id, PenalCentre c, Instant now) {
        jdbc.sql("""
                UPDATE penal_centre SET code = :code, name = :name, regional_office = :ro, department = :dep,
                    city = :city, lat = :lat, lon = :lon, capacity = :cap, population = :pop, procesados = :proc,
                    sentenciados = :sent, figures_date = :fd, source = :src, updated_at = :at WHERE id = :id""")
                .param("code", c.code()).param("name", c.name()).param("ro", c.regionalOffice())
                .param("dep", c.department()).param("city", c.city()).param("lat", c.lat()).param("lon", c.lon())
                .param("cap", c.capacity()).param("pop", c.population()).param("proc", c.procesados())
                .param("sent", c.sentenciados()).param("fd", c.figuresDate()).param("src", c.source())
                .param("at", utc(now)).param("id", id).update();
    }

    private PenalCentre penalCentre(ResultSet rs, int n) throws SQLException {
        return new PenalCentre(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                rs.getString("regional_office"), rs.getString("department"), rs.getString("city"), rs.getDouble("lat"),
                rs.getDouble("lon"), rs.getInt("capacity"), rs.getInt("population"), rs.getInt("procesados"),
                rs.getInt("sentenciados"), date(rs, "figures_date"), rs.getString("source"));
    }

    // ---- courts and judges ----

    List<Court> courts() {
        return jdbc.sql("SELECT * FROM court ORDER BY code").query((rs, n) -> court(rs, n)).list();
    }

    Optional<Court> court(String code) {
        return jdbc.sql("SELECT * FROM court WHERE code = :code").param("code", code).query((rs, n) -> court(rs, n)).optional();
    }

    void insertCourt(Court c, Instant now) {
        jdbc.sql("INSERT INTO court (code, name, judicial_district, region, created_at) VALUES (:c, :n, :d, :r, :at)")
                .param("c", c.code()).param("n", c.name()).param("d", c.judicialDistrict()).param("r", c.region())
                .param("at", utc(now)).update();
    }

    void updateCourt(Court c) {
        jdbc.sql("UPDATE court SET name = :n, judicial_district = :d, region = :r WHERE code = :c")
                .param("c", c.code()).param("n", c.name()).param("d", c.judicialDistrict()).param("r", c.region())
                .update();
    }

    boolean courtInUse(String code) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM judge WHERE court_code = :c) + "
                        + "(SELECT COUNT(*) FROM judicial_order WHERE court_code = :c)")
                .param("c", code).query(Long.class).single() > 0;
    }

    void deleteCourt(String code) {
        jdbc.sql("DELETE FROM court WHERE code = :c").param("c", code).update();
    }

    private Court court(ResultSet rs, int n) throws SQLException {
        return new Court(rs.getString("code"), rs.getString("name"), rs.getString("judicial_district"),
                rs.getString("region"));
    }

    List<Judge> judges(String courtCode) {
        if (courtCode == null) {
            return jdbc.sql("SELECT * FROM judge ORDER BY court_code, full_name").query((rs, n) -> judge(rs, n)).list();
        }
        return jdbc.sql("SELECT * FROM judge WHERE court_code = :c ORDER BY full_name").param("c", courtCode)
                .query((rs, n) -> judge(rs, n)).list();
    }

    Optional<Judge> judge(long id) {
        return jdbc.sql("SELECT * FROM judge WHERE id = :id").param("id", id).query((rs, n) -> judge(rs, n)).optional();
    }

    Optional<Judge> judgeByUsername(String username) {
        return jdbc.sql("SELECT * FROM judge WHERE username = :u AND active ORDER BY id").param("u", username)
                .query((rs, n) -> judge(rs, n)).list().stream().findFirst();
    }

    long insertJudge(Judge j, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO judge (full_name, court_code, username, active, created_at) "
                        + "VALUES (:n, :c, :u, :a, :at)")
                .param("n", j.fullName()).param("c", j.courtCode()).param("u", j.username()).param("a", j.active())
                .param("at", utc(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    void updateJudge(Judge j) {
        jdbc.sql("UPDATE judge SET full_name = :n, court_code = :c, username = :u, active = :a WHERE id = :id")
                .param("n", j.fullName()).param("c", j.courtCode()).param("u", j.username()).param("a", j.active())
                .param("id", j.id()).update();
    }

    boolean judgeInUse(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM judicial_order WHERE judge_id = :id").param("id", id)
                .query(Long.class).single() > 0;
    }

    void deleteJudge(long id) {
        jdbc.sql("DELETE FROM judge WHERE id = :id").param("id", id).update();
    }

    private Judge judge(ResultSet rs, int n) throws SQLException {
        return new Judge(rs.getLong("id"), rs.getString("full_name"), rs.getString("court_code"),
                rs.getString("username"), rs.getBoolean("active"));
    }

    // ---- people ----

    Optional<Person> person(UUID id) {
        return jdbc.sql("SELECT * FROM person WHERE id = :id").param("id", id).query((rs, n) -> person(rs, n)).optional();
    }

    Optional<Person> personByDni(String dni) {
        return jdbc.sql("SELECT * FROM person WHERE dni = :dni").param("dni", dni).query((rs, n) -> person(rs, n)).optional();
    }

    List<Person> people(int limit, long offset) {
        return jdbc.sql("SELECT * FROM person ORDER BY surnames, given_names, id LIMIT :l OFFSET :o")
                .param("l", limit).param("o", offset).query((rs, n) -> person(rs, n)).list();
    }

    long countPeople() {
        return jdbc.sql("SELECT COUNT(*) FROM person").query(Long.class).single();
    }

    String personCreatedBy(UUID id) {
        return jdbc.sql("SELECT created_by FROM person WHERE id = :id").param("id", id).query(String.class)
                .optional().orElse(null);
    }

    void insertPerson(Person p, String by) {
        jdbc.sql("""
                INSERT INTO person (id, dni, given_names, surnames, birth_date, sex, phone, contact, address, home_lat,
                    home_lon, synthetic, created_by, created_at, updated_at)
                VALUES (:id, :dni, :gn, :sn, :bd, :sex, :phone, :contact, :addr, :lat, :lon, :syn, :by, :at, :at)""")
                .param("id", p.id()).param("dni", p.dni()).param("gn", p.givenNames()).param("sn", p.surnames())
                .param("bd", p.birthDate()).param("sex", p.sex()).param("phone", p.phone())
                .param("contact", p.contact()).param("addr", domicile(p).address()).param("lat", domicile(p).lat())
                .param("lon", domicile(p).lon()).param("syn", p.synthetic()).param("by", by)
                .param("at", utc(p.createdAt())).update();
    }

    void updatePerson(Person p) {
        jdbc.sql("""
                UPDATE person SET dni = :dni, given_names = :gn, surnames = :sn, birth_date = :bd, sex = :sex,
                    phone = :phone, contact = :contact, address = :addr, home_lat = :lat, home_lon = :lon,
                    synthetic = :syn, updated_at = :at WHERE id = :id""")
                .param("id", p.id()).param("dni", p.dni()).param("gn", p.givenNames()).param("sn", p.surnames())
                .param("bd", p.birthDate()).param("sex", p.sex()).param("phone", p.phone())
                .param("contact", p.contact()).param("addr", domicile(p).address()).param("lat", domicile(p).lat())
                .param("lon", domicile(p).lon()).param("syn", p.synthetic()).param("at", utc(p.updatedAt())).update();
    }

    private static Person.Domicile domicile(Person p) {
        return p.domicile() == null ? new Person.Domicile(null, null, null) : p.domicile();
    }

    private Person person(ResultSet rs, int n) throws SQLException {
        return new Person(rs.getObject("id", UUID.class), rs.getString("dni"), rs.getString("given_names"),
                rs.getString("surnames"), date(rs, "birth_date"), rs.getString("sex"), rs.getString("phone"),
                rs.getString("contact"), new Person.Domicile(rs.getString("address"), doubleOrNull(rs, "home_lat"),
                        doubleOrNull(rs, "home_lon")), rs.getBoolean("synthetic"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
