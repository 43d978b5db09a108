package org.alterna.common;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every API error as an RFC 9457 problem document that names the offending field. Nothing internal leaves the
 * server: no SQL, no exception class or message, no stack trace. Input that cannot be read says which field and what
 * was expected; anything unexpected is a 500 carrying only an incident id, under which the cause is logged.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final URI INVALID_INPUT = URI.create("urn:alterna:problem:invalid-input");

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return invalidInput(e.field(), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Access denied");
        problem.setTitle("Forbidden");
        return problem;
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Authentication required");
        problem.setTitle("Unauthorized");
        return problem;
    }

    /**
     * A write that the database refused, said without the SQL, the table or the constraint: a value it cannot
     * store (SQLSTATE class 22: too long, invalid characters) is bad input (400); a key or reference conflict (class
     * 23) is a conflict (409).
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String incident = incident();
        log.warn("incident {}: {} {} refused by the database: {}", incident, request.getMethod(),
                request.getRequestURI(), e.getMostSpecificCause().toString());
        String state = e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        ProblemDetail problem;
        if (state != null && state.startsWith("22")) {
            problem = invalidInput("", "a value could not be stored: too long or with characters that are not "
                    + "allowed");
        } else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "the change conflicts with data already stored");
            problem.setTitle("Conflict");
        }
        problem.setProperty("incident", incident);
        return respond(problem, request, response);
    }

    /** Anything unexpected: a 500 with an incident id; the cause is in the server log under that id. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (response.isCommitted()) { // e.g. the client went away in the middle of a stream: nobody to answer
            log.debug("{} {} failed after the response was committed: {}", request.getMethod(),
                    request.getRequestURI(), e.toString());
            return null;
        }
        String incident = incident();
        log.error("incident {}: {} {} failed", incident, request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an internal error occurred; quote incident " + incident + " to the administrator");
        problem.setTitle("Internal error");
        problem.setProperty("incident", incident);
        return respond(problem, request, response);
    }

    /** The API answers a problem document; a console page shows the error page instead (status only). */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.sendError(problem.getStatus());
            return null;
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String incident() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        String detail = errors.isEmpty() ? "Invalid input"
                : errors.get(0).get("field") + ": " + errors.get(0).get("message");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid input");
        problem.setType(INVALID_INPUT);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** A path or query parameter of the wrong type: {@code id: must be a UUID}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        return ResponseEntity.badRequest().body(invalidInput(name, name + ": must be " + expected(ex.getRequiredType())));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalidInput(ex.getParameterName(),
                ex.getParameterName() + ": required"));
    }

    /**
     * A body that is not JSON, or whose value does not fit its field: the field's path and what it must be, never
     * the parser's message (which names internal classes).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = null;
        for (Throwable t = ex.getCause(); t != null && json == null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                json = j; // the outermost one carries the path of the field
            }
        }
        ProblemDetail problem;
        if (json instanceof StreamReadException read) {
            TokenStreamLocation at = read.getLocation();
            problem = invalidInput("", at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        } else if (json != null && !json.getPath().isEmpty()) {
            String field = path(json.getPath());
            Class<?> type = json instanceof MismatchedInputException m ? m.getTargetType() : null;
            problem = invalidInput(field, field + ": " + (type == null ? "invalid value" : "must be " + expected(type)));
        } else if (json != null) {
            problem = invalidInput("", "the body does not have the expected form");
        } else {
            problem = invalidInput("", "a JSON body is required");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** A path that matches nothing: 404 without echoing it. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such resource");
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    static ProblemDetail invalidInput(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid input");
        problem.setType(INVALID_INPUT);
        if (field != null && !field.isEmpty()) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** What a value of this type looks like, in words a caller understands. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T15:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date yyyy-MM-dd";
        }
        if (type == LocalTime.class) {
            return "a time HH:mm";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder();
            for (Object c : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(((Enum<?>) c).name());
            }
            return "one of " + names;
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
