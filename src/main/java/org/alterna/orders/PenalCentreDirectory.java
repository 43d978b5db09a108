package org.alterna.orders;

import java.util.List;
import org.springframework.stereotype.Component;

@Component
class PenalCentreDirectory implements PenalCentres {
    private final ReferenceRepository repository;

    PenalCentreDirectory(ReferenceRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<PenalCentre> all() {
        return repository.penalCentres();
    }
}
