package org.alterna.orders;

import java.util.List;

/** Read access for other capabilities to INPE's establishments and their latest population figures. */
public interface PenalCentres {

    /** Every establishment, by regional office and name. */
    List<PenalCentre> all();
}
