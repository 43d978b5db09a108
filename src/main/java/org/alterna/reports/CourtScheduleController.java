package org.alterna.reports;

import io.swagger.v3.oas.annotations.Operation;
import org.alterna.identity.Actors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A court's schedule of periodic compliance reports; a judge sees and sets their own court's only. */
@RestController
class CourtScheduleController {
    private final CourtSchedules schedules;

    CourtScheduleController(CourtSchedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/api/v1/courts/{code}/report-schedule")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE')")
    @Operation(summary = "How often the court receives periodic compliance reports (MONTHLY unless set)")
    CourtSchedules.Schedule get(@PathVariable String code) {
        return schedules.get(code, Actors.current());
    }

    @PutMapping("/api/v1/courts/{code}/report-schedule")
    @PreAuthorize("hasAnyRole('ADMIN','JUDGE')")
    @Operation(summary = "Set the court's frequency (WEEKLY, MONTHLY, QUARTERLY, NONE), language (es, en) and extra "
            + "e-mail addresses")
    CourtSchedules.Schedule put(@PathVariable String code, @RequestBody(required = false)
            CourtSchedules.ScheduleRequest body) {
        return schedules.put(code, body, Actors.current());
    }
}
