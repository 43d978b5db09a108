package org.alterna.orders;

import java.time.LocalDate;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens a request for electronic monitoring (an order in REQUESTED) for someone known by DNI, in one step: the
 * person is registered first unless a person with that DNI already is. The same rules as {@code POST /api/v1/orders}
 * apply (ADMIN or the SUPERVISOR of the order's region; the court must exist; the expediente must be valid), and
 * the same audit entries are written.
 */
@Component
public class EmRequests {
    private final ReferenceRepository reference;
    private final ReferenceService people;
    private final OrderService orders;

    EmRequests(ReferenceRepository reference, ReferenceService people, OrderService orders) {
        this.reference = reference;
        this.people = people;
        this.orders = orders;
    }

    /** Who and why: the person's identity as in the prison register, and the case. */
    public record Request(String dni, String givenNames, String surnames, LocalDate birthDate, String sex,
            boolean synthetic, String expediente, String courtCode, MeasureType measureType, Long penalCentreId,
            String region) {
    }

    /** The order created, and whether its person was registered by this request. */
    public record Created(OrderView order, UUID personId, boolean newPerson) {
    }

    @Transactional
    public Created request(Request r, Actor actor) {
        if (r == null || r.measureType() == null) {
            throw new InvalidInputException("measureType", "required");
        }
        Person person = reference.personByDni(Validate.dni(r.dni(), "dni", true)).orElse(null);
        boolean created = false;
        if (person == null) {
            person = people.createPerson(new Person(null, r.dni(), r.givenNames(), r.surnames(), r.birthDate(),
                    r.sex(), null, null, null, r.synthetic(), null, null), actor);
            created = true;
        }
        OrderView order = orders.create(new OrderService.NewOrder(r.expediente(), r.courtCode(), null,
                r.measureType().name(), person.id(), null, r.penalCentreId(), r.region(), null, null, null, null,
                r.synthetic()), actor);
        return new Created(order, person.id(), created);
    }
}
