package org.alterna.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.UUID;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.alterna.identity.UserAccounts;
import org.alterna.orders.OrderScope;
import org.alterna.telemetry.TrackerProtocols;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the console's pages. Each page is a server-rendered shell (navigation, labels, forms) whose script reads
 * the configuration and every string it shows from the page itself ({@code #alterna-config}), then calls the APIs.
 */
@Controller
class ConsoleController {
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;

    private final LocalTime localTime;
    private final UserAccounts accounts;
    private final String tilesUrl;
    private final String tilesAttribution;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private volatile Map<String, Boolean> features;
    private final OrderScope scope;
    private final JdbcClient jdbc;

    ConsoleController(LocalTime localTime, UserAccounts accounts, ConsoleSettings settings,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings,
            OrderScope scope, JdbcClient jdbc) {
        this.scope = scope;
        this.jdbc = jdbc;
        this.localTime = localTime;
        this.accounts = accounts;
        this.tilesUrl = settings.tilesUrl();
        this.tilesAttribution = settings.tilesAttribution();
        this.mappings = mappings;
    }

    @GetMapping("/login")
    String login(Model model, Locale locale, HttpServletRequest request) {
        model.addAttribute("lang", ConsoleWebConfig.supported(locale).toLanguageTag());
        HttpSession session = request.getSession(false);
        Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        // a throttled login says so (waiting helps); a wrong password and an unknown user read the same
        model.addAttribute("throttled", failure instanceof LockedException);
        return "login";
    }

    /**
     * The user changes their password. The first administrator lands here until the printed password is changed
     * (identity's account guard sends every other console page here); then the navigation is hidden.
     */
    @GetMapping("/console/password")
    String password(Model model, Locale locale) {
        Actor actor = Actors.current();
        Locale lang = ConsoleWebConfig.supported(locale);
        boolean required = accounts.passwordChangeRequired(actor.username());
        model.addAttribute("nav", required ? List.of() : ConsolePage.navigation(actor, null));
        model.addAttribute("actor", actor);
        model.addAttribute("lang", lang.toLanguageTag());
        model.addAttribute("page", "password");
        model.addAttribute("required", required);
        model.addAttribute("minLength", accounts.passwordMinLength());
        model.addAttribute("config", config(actor, lang, "password", null));
        return "password";
    }

    @GetMapping("/")
    String home() {
        return "redirect:" + ConsolePage.home(Actors.current());
    }

    @GetMapping("/console")
    String consoleHome() {
        return home();
    }

    @GetMapping("/console/map")
    String map(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.MAP, "map", model, locale, response, null);
    }

    @GetMapping("/console/alarms")
    String alarms(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.ALARMS, "alarms", model, locale, response, null);
    }

    @GetMapping("/console/orders")
    String orders(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.ORDERS, "orders", model, locale, response, null);
    }

    @GetMapping("/console/orders/{id}")
    String order(@PathVariable UUID id, Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.ORDERS, "order", model, locale, response, id.toString());
    }

    @GetMapping("/console/devices")
    String devices(Model model, Locale locale, HttpServletResponse response) {
        model.addAttribute("protocols", TrackerProtocols.NAMES);
        return page(ConsolePage.DEVICES, "devices", model, locale, response, null);
    }

    /**
     * A device's page: its commands. Open to whoever may read and queue them (the monitoring centre, operators
     * included, who reach it from the person view); the commands API answers 404 for a device out of scope.
     */
    @GetMapping("/console/devices/{id}")
    String device(@PathVariable String id, Model model, Locale locale, HttpServletResponse response) {
        Actor actor = Actors.current();
        if (actor != null && DEVICE_COMMANDS.contains(actor.role())) {
            // a device out of the caller's scope is not found, like a missing one
            OrderScope.SqlPredicate visible = scope.onDevices(actor, "d");
            if (id.length() > 40 || visible.bind(jdbc.sql("SELECT COUNT(*) FROM device d WHERE d.unique_id = :id AND "
                    + visible.sql()).param("id", id)).query(Long.class).single() == 0) {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                model.addAttribute("status", HttpServletResponse.SC_NOT_FOUND);
                model.addAttribute("error", "Not Found");
                return "error";
            }
        }
        return page(ConsolePage.DEVICES, DEVICE_COMMANDS, "device", model, locale, response, id);
    }

    /** Who may open a device's page: the roles of the device commands API. */
    static final java.util.Set<Role> DEVICE_COMMANDS = java.util.EnumSet.of(Role.ADMIN, Role.SUPERVISOR,
            Role.OPERATOR);

    @GetMapping("/console/dashboard")
    String dashboard(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.DASHBOARD, "dashboard", model, locale, response, null);
    }

    /**
     * The verification of evidence packages, open to anyone (a judge, a defence lawyer) without an account: the page
     * uploads the file to {@code POST /api/v1/evidence/verification} and shows what is wrong, file by file, row by row.
     */
    @GetMapping("/verificar")
    String verify(Model model, Locale locale) {
        Actor actor = Actors.current();
        Locale lang = ConsoleWebConfig.supported(locale);
        model.addAttribute("lang", lang.toLanguageTag());
        model.addAttribute("config", config(actor, lang, ConsolePage.ORDERS.id, null));
        return "verify";
    }

    @GetMapping("/console/funnel")
    String funnel(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.FUNNEL, "funnel", model, locale, response, null);
    }

    @GetMapping("/console/eligibility")
    String eligibility(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.ELIGIBILITY, "eligibility", model, locale, response, null);
    }

    @GetMapping("/console/overcrowding")
    String overcrowding(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.OVERCROWDING, "overcrowding", model, locale, response, null);
    }

    @GetMapping("/console/audit")
    String audit(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.AUDIT, "audit", model, locale, response, null);
    }

    @GetMapping("/console/notifications")
    String notifications(Model model, Locale locale, HttpServletResponse response) {
        return page(ConsolePage.NOTIFICATIONS, "notifications", model, locale, response, null);
    }

    private String page(ConsolePage page, String view, Model model, Locale locale, HttpServletResponse response,
            String subject) {
        return page(page, page.roles, view, model, locale, response, subject);
    }

    private String page(ConsolePage page, java.util.Set<Role> roles, String view, Model model, Locale locale,
            HttpServletResponse response, String subject) {
        Actor actor = Actors.current();
        Locale lang = ConsoleWebConfig.supported(locale);
        model.addAttribute("nav", ConsolePage.navigation(actor, page));
        model.addAttribute("actor", actor);
        model.addAttribute("lang", lang.toLanguageTag());
        model.addAttribute("page", page.id);
        if (actor == null || !roles.contains(actor.role())) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            model.addAttribute("config", config(actor, lang, page.id, null));
            return "forbidden";
        }
        model.addAttribute("subject", subject);
        model.addAttribute("config", config(actor, lang, page.id, subject));
        return view;
    }

    /**
     * The JSON the page's script starts from, inlined in a {@code <script type="application/json">} data block (not
     * executed: the Content-Security-Policy allows no inline script). {@code <}, {@code >} and {@code &} are written
     * as JSON escapes, so no text in it can close the element or open a comment, whatever it contains.
     */
    private String config(Actor actor, Locale lang, String pageId, String subject) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", actor.username());
        me.put("role", actor.role().name());
        config.put("me", me);
        config.put("page", pageId);
        config.put("subject", subject);
        config.put("lang", lang.toLanguageTag());
        config.put("zone", localTime.zone().getId());
        config.put("tilesUrl", tilesUrl);
        config.put("tilesAttribution", tilesAttribution);
        config.put("features", features());
        config.put("can", capabilities(actor.role()));
        config.put("i18n", messages(lang));
        return JSON.writeValueAsString(config).replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026");
    }

    /** What the user's role may do, mirroring the access rules of the APIs (the APIs decide; this hides buttons). */
    static Map<String, Boolean> capabilities(Role role) {
        Map<String, Boolean> can = new LinkedHashMap<>();
        boolean admin = role == Role.ADMIN;
        can.put("createOrder", admin || role == Role.SUPERVISOR);
        can.put("viabilityReport", admin || role == Role.SUPERVISOR);
        // a variation records the judge's resolution: the judge enters it, or the INPE supervisor of the region
        can.put("vary", admin || role == Role.JUDGE || role == Role.SUPERVISOR);
        can.put("resolve", admin || role == Role.JUDGE);
        can.put("install", admin || role == Role.SUPERVISOR || role == Role.OPERATOR);
        can.put("complete", admin || role == Role.SUPERVISOR || role == Role.JUDGE);
        can.put("warn", admin || role == Role.JUDGE);
        can.put("track", admin || role == Role.SUPERVISOR || role == Role.OPERATOR);
        can.put("conditions", role != Role.AUDITOR && role != Role.POLICE);
        can.put("handleAlarms", admin || role == Role.SUPERVISOR || role == Role.OPERATOR);
        can.put("manageDevices", admin || role == Role.SUPERVISOR);
        // court reports and evidence packages: the judge, the prosecutor and the INPE supervisor of the case
        can.put("reports", admin || role == Role.SUPERVISOR || role == Role.JUDGE || role == Role.PROSECUTOR);
        can.put("replayScenario", admin || role == Role.SUPERVISOR || role == Role.OPERATOR || role == Role.JUDGE);
        // the police access to a case: the court grants it, INPE and the court read its log
        can.put("policeAccess", admin || role == Role.JUDGE || role == Role.SUPERVISOR);
        can.put("authorisePolice", admin || role == Role.JUDGE);
        // data protection: INPE and the court place and lift legal holds and hand out subject-access exports
        can.put("legalHold", admin || role == Role.SUPERVISOR || role == Role.JUDGE);
        can.put("dataExport", admin || role == Role.SUPERVISOR || role == Role.JUDGE);
        // eligibility triage: INPE imports the register and turns candidates into requests for monitoring
        can.put("importRegister", admin || role == Role.SUPERVISOR);
        can.put("emRequest", admin || role == Role.SUPERVISOR);
        return can;
    }

    /** Which optional APIs this build serves (the console hides what is not there instead of calling it). */
    private Map<String, Boolean> features() {
        Map<String, Boolean> f = features;
        if (f == null) {
            java.util.Set<String> patterns = new java.util.HashSet<>();
            mappings.getObject().getHandlerMethods().keySet().forEach(info -> patterns.addAll(info.getPatternValues()));
            f = new LinkedHashMap<>();
            f.put("alarms", patterns.contains("/api/v1/alarms"));
            f.put("alarmFigures", patterns.contains("/api/v1/alarms/figures"));
            f.put("alarmLive", patterns.contains("/api/v1/live"));
            f.put("courtReport", patterns.contains("/api/v1/orders/{id}/reports"));
            f.put("incidentPdf", patterns.contains("/api/v1/incident-reports/{id}/pdf"));
            f.put("replayScenario", patterns.contains("/api/v1/orders/{id}/replay-scenario"));
            features = f;
        }
        return f;
    }

    /** Every message of the bundle for the language (the console's scripts show nothing else). */
    static Map<String, String> messages(Locale lang) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", lang,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> out = new TreeMap<>();
        for (String key : bundle.keySet()) {
            out.put(key, bundle.getString(key));
        }
        return out;
    }
}
