package org.alterna.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * An unexpected failure answers 500 with an incident id and nothing of its cause; on a console page the error page
 * is shown instead (by status only). A database refusal is said without its SQL.
 */
class ApiExceptionHandlerTest {
    final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void anUnexpectedFailureSaysOnlyThatItHappenedAndUnderWhichIncident() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ResponseEntity<ProblemDetail> r = handler.unexpected(new IllegalStateException(
                "select * from app_user where password_hash = '$2a$...' failed at org.alterna.X"),
                new MockHttpServletRequest("GET", "/api/v1/orders"), response);
        assertThat(r.getStatusCode().value()).isEqualTo(500);
        ProblemDetail p = r.getBody();
        assertThat(p.getDetail()).startsWith("an internal error occurred; quote incident ")
                .doesNotContain("select", "app_user", "org.alterna", "IllegalState");
        assertThat(p.getDetail()).contains((String) p.getProperties().get("incident"));
    }

    @Test
    void onAConsolePageTheErrorPageIsShown() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        ResponseEntity<ProblemDetail> r = handler.unexpected(new IllegalStateException("boom"),
                new MockHttpServletRequest("GET", "/console/map"), response);
        assertThat(r).isNull();
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getErrorMessage()).isNull();
    }

    @Test
    void aDatabaseRefusalIsBadInputOrAConflictWithoutItsSql() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/people");
        ResponseEntity<ProblemDetail> tooLong = handler.integrity(new DataIntegrityViolationException(
                "insert into person ... value too long", new SQLException("value too long for type character varying(120)",
                        "22001")), request, new MockHttpServletResponse());
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody().getDetail()).doesNotContain("insert", "varying", "person");
        ResponseEntity<ProblemDetail> duplicate = handler.integrity(new DataIntegrityViolationException(
                "insert into person ...", new SQLException("duplicate key value violates unique constraint \"person_dni\"",
                        "23505")), request, new MockHttpServletResponse());
        assertThat(duplicate.getStatusCode().value()).isEqualTo(409);
        assertThat(duplicate.getBody().getDetail()).doesNotContain("person_dni", "duplicate key");
    }
}
