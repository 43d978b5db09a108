package org.alterna.commands;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the command queue ({@code alterna.commands.*}).
 *
 * @param answerTimeout  a SENT command unanswered this long is sent again (or FAILED once its attempts are spent)
 * @param maxAttempts    sends of one command
 * @param locateTtl      a locate-now, vibrate or message command not answered within this expires (a position an
 *                       hour late is not "now")
 * @param pursuitTtl     a pursuit command expires after this
 * @param sweep          how often unanswered and expired commands are looked at
 */
@ConfigurationProperties("alterna.commands")
public record CommandSettings(Duration answerTimeout, Integer maxAttempts, Duration locateTtl, Duration pursuitTtl,
        Duration sweep) {
    public CommandSettings {
        answerTimeout = answerTimeout == null ? Duration.ofSeconds(60) : answerTimeout;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        locateTtl = locateTtl == null ? Duration.ofMinutes(10) : locateTtl;
        pursuitTtl = pursuitTtl == null ? Duration.ofHours(2) : pursuitTtl;
        sweep = sweep == null ? Duration.ofSeconds(5) : sweep;
    }
}
