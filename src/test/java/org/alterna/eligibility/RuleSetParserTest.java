package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alterna.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/** A rule set document is checked completely before it is stored; each error names its field. */
class RuleSetParserTest {

    static ObjectNode valid() {
        return (ObjectNode) Entries.JSON.readTree("""
                {"code":"TEST-1","title":{"es":"Prueba","en":"Test"},"inForceFrom":"2026-01-01",
                 "rules":[
                  {"id":"R-P","type":"PENALTY_ROUTE","legalStatus":"PROCESADO","maxMonths":96,"basis":"DL 1322 art. 5.1.a",
                   "text":{"es":"a","en":"a"}},
                  {"id":"R-C","type":"PENALTY_ROUTE","legalStatus":"CONDENADO","stage":"EXECUTION","minMonths":72,
                   "maxMonths":96,"communityService":true,"basis":"CP 52-B.2","text":{"es":"b","en":"b"}},
                  {"id":"R-X","type":"EXCLUDED_OFFENCES","articles":["189","108-b"],"basis":"DL 1322 art. 5",
                   "text":{"es":"c","en":"c"}}
                 ]}""");
    }

    @Test
    void theShippedRuleSetsAreValidAndEveryRuleCitesItsBasis() {
        for (String resource : new String[] {Entries.DL1514, Entries.DL1585}) {
            RuleSet rs = Entries.bundled(resource, 1);
            assertThat(rs.rules()).hasSizeGreaterThan(15);
            assertThat(rs.rules()).allSatisfy(r -> {
                assertThat(r.basis()).matches(".*(DL 1322|Código Penal|CP ).*");
                assertThat(r.text().es()).isNotBlank();
                assertThat(r.text().en()).isNotBlank();
            });
            assertThat(rs.sources()).isNotEmpty();
        }
    }

    @Test
    void aValidDocumentIsReadWithItsRanges() {
        RuleSet rs = RuleSetParser.parse(valid(), 7);
        assertThat(rs.version()).isEqualTo(7);
        RuleSet.PenaltyRoute c = (RuleSet.PenaltyRoute) rs.rule("R-C");
        assertThat(c.admits(72)).isTrue();
        assertThat(c.admits(96)).isTrue();
        assertThat(c.admits(71)).isFalse();
        assertThat(c.admits(97)).isFalse();
        assertThat(c.communityService()).isTrue();
        assertThat(((RuleSet.ExcludedOffences) rs.rule("R-X")).articles()).containsExactlyInAnyOrder("189", "108-B");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "/code|\"\"|code",
        "/inForceFrom|\"1 de enero\"|inForceFrom",
        "/title|{\"es\":\"x\"}|title.en",
        "/rules/0/maxMonths|-1|rules[0].maxMonths",
        "/rules/0/maxMonths|601|rules[0].maxMonths",
        "/rules/1/minMonths|100|rules[1].minMonths",
        "/rules/1/stage|\"LATER\"|rules[1].stage",
        "/rules/1/communityService|\"yes\"|rules[1].communityService",
        "/rules/2/articles|[\"art 189\"]|rules[2].articles[0]",
        "/rules/2/type|\"SOMETHING\"|rules[2].type",
        "/rules/2/id|\"R-P\"|rules[2].id",
        "/rules/2/basis|\"\"|rules[2].basis",
        "/rules/0/legalStatus|\"CONDENADO\"|rules"})
    void everyErrorNamesItsField(String pointer, String value, String field) {
        ObjectNode doc = valid();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) doc.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), Entries.JSON.readTree(value));
        assertThatThrownBy(() -> RuleSetParser.parse(doc, 1)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
}
