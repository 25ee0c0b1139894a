package io.possync.connector.zettle.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class ZettleErrorBodyTest {

    private final ZettleErrorBody errors = new ZettleErrorBody(JsonMapper.builder().build());

    @Test
    void validationErrorNamesTheTypeTheMessageAndEachViolation() {
        String body = """
                {"developerMessage":"Movement request is invalid","errorType":"VALIDATION_ERROR",
                 "violations":[{"propertyName":"movements[0].change","value":"0","constraintType":"MIN",
                                "developerMessage":"must be greater than 0","expected":"1"},
                               {"propertyName":"identifier","developerMessage":"must be a UUID"}]}""";

        assertThat(errors.describe(400, body)).isEqualTo("Zettle answered HTTP 400: VALIDATION_ERROR: Movement request"
                + " is invalid; movements[0].change: must be greater than 0; identifier: must be a UUID");
    }

    @Test
    void oauthErrorShowsErrorAndDescription() {
        assertThat(errors.describe(400, "{\"error\":\"invalid_grant\",\"error_description\":\"API key revoked\"}"))
                .isEqualTo("Zettle answered HTTP 400: invalid_grant: API key revoked");
    }

    @Test
    void errorWithoutViolationsStillReadsWell() {
        assertThat(errors.describe(404, "{\"developerMessage\":\"Product not found\",\"errorType\":\"NOT_FOUND\"}"))
                .isEqualTo("Zettle answered HTTP 404: NOT_FOUND: Product not found");
    }

    @Test
    void nonJsonBodyIsQuotedShortenedAndOnOneLine() {
        assertThat(errors.describe(403, "<html>\n  Forbidden\n</html>")).isEqualTo("Zettle answered HTTP 403: <html> Forbidden </html>");
        assertThat(errors.describe(400, "x".repeat(1000))).hasSize("Zettle answered HTTP 400: ".length() + 301);
        assertThat(errors.describe(422, "")).isEqualTo("Zettle answered HTTP 422");
    }
}
