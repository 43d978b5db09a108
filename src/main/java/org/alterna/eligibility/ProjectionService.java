package org.alterna.eligibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.PenalCentre;
import org.alterna.orders.PenalCentres;
import org.springframework.stereotype.Service;

/**
 * The overcrowding and cost projection for the caller's scope: an administrator sees every establishment and the
 * nation; an INPE supervisor the establishments of their region (the total is their region's).
 */
@Service
class ProjectionService {
    private final PenalCentres centres;
    private final RegisterRepository register;
    private final EligibilitySettings settings;

    ProjectionService(PenalCentres centres, RegisterRepository register, EligibilitySettings settings) {
        this.centres = centres;
        this.register = register;
        this.settings = settings;
    }

    record View(double share, String group, String figuresDate, EligibilitySettings settings,
            List<Projection.CentreResult> centres, List<Projection.Area> regions, Projection.Area total) {
    }

    View project(Actor actor, Double share, String group) {
        double s = share == null ? 1.0 : share;
        if (!(s >= 0 && s <= 1)) {
            throw new InvalidInputException("share", "a fraction between 0 and 1 (got " + share + ")");
        }
        Projection.Group g;
        try {
            g = group == null || group.isBlank() ? Projection.Group.ALL
                    : Projection.Group.valueOf(group.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("group", "ALL or PRIORITY (got " + group + ")");
        }
        CandidateScope scope = CandidateScope.of(actor, "r");
        Map<Long, RegisterRepository.CentreCounts> counts = register.countsByCentre(scope);
        List<Projection.CentreInput> inputs = new ArrayList<>();
        String date = null;
        for (PenalCentre c : centres.all()) {
            if (!CandidateScope.allows(actor, c.regionalOffice(), null) && !actor.is(Role.ADMIN, Role.SYSTEM)) {
                continue;
            }
            RegisterRepository.CentreCounts n = counts.getOrDefault(c.id(),
                    new RegisterRepository.CentreCounts(c.id(), 0, 0, 0, 0));
            inputs.add(new Projection.CentreInput(c.id(), c.code(), c.name(), c.regionalOffice(), c.department(),
                    c.lat(), c.lon(), c.capacity(), c.population(), n.registered(), n.eligible(), n.eligiblePriority(),
                    n.needsReview()));
            if (c.figuresDate() != null && (date == null || c.figuresDate().toString().compareTo(date) > 0)) {
                date = c.figuresDate().toString();
            }
        }
        Projection.Result r = Projection.project(inputs, s, g, settings);
        Projection.Area total = actor.is(Role.ADMIN, Role.SYSTEM) ? r.nation()
                : Projection.area(actor.region(), r.centres(), settings);
        return new View(s, g.name(), date, settings, r.centres(), r.regions(), total);
    }
}
